"""The grading contract: shape, offsets, ranges, determinism, and the core judgements."""

from __future__ import annotations

import pytest

from pmtrainer.grading import AnswerError, grade_answer
from pmtrainer.grading.engines import MAX_ANSWER_CHARS, get_engine
from pmtrainer.grading.myth_detection import rule_myth_sentences
from pmtrainer.models import Grade
from pmtrainer.myths import myth_ids
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER

CONTRACT_MYTHS = {
    "strategy-is-the-job",
    "experience-transfers",
    "pm-pays-more",
    "tech-depth-wins",
    "credential-shortcut",
    "product-sells-itself",
    "pm-is-the-boss",
}


def spans_of(grade: Grade):
    yield from grade.myths
    yield from grade.metrics
    yield from grade.highlights


def assert_offsets_hold(answer: str, grade: Grade) -> None:
    for span in spans_of(grade):
        assert 0 <= span.start <= span.end <= len(answer)
        assert answer[span.start : span.end] == span.quote


def test_catalogue_has_exactly_the_contract_ids():
    assert set(myth_ids()) == CONTRACT_MYTHS


def test_grade_json_has_every_contract_field():
    data = grade_answer(CUSTOMER_ANSWER).to_json_dict()
    for key in (
        "engine",
        "engine_version",
        "overall",
        "verdict",
        "scores",
        "myths",
        "metrics",
        "highlights",
        "feedback",
    ):
        assert key in data
    for key in ("customer_focus", "technology_talk", "evidence"):
        assert 0 <= data["scores"][key] <= 100
    assert data["engine"] == "offline"
    assert 0 <= data["overall"] <= 100
    assert 1 <= len(data["feedback"]) <= 5


def test_customer_answer_is_customer_focused_with_results():
    grade = grade_answer(CUSTOMER_ANSWER)
    assert grade.verdict == "customer-focused"
    assert [m.quote for m in grade.metrics] == ["fell by 40%", "doubled"]
    assert not grade.myths
    assert_offsets_hold(CUSTOMER_ANSWER, grade)


def test_technology_answer_is_technology_heavy_and_says_so():
    grade = grade_answer(TECH_ANSWER)
    assert grade.verdict == "technology-heavy"
    assert grade.scores.customer_focus < grade_answer(CUSTOMER_ANSWER).scores.customer_focus
    assert any("customer problem" in point for point in grade.feedback)
    labels = {h.label for h in grade.highlights}
    assert "technology" in labels and "customer" not in labels


def test_short_answer_is_insufficient():
    grade = grade_answer("I would talk to users first.")
    assert grade.verdict == "insufficient"
    assert grade.overall < 40


def test_asserted_myth_is_flagged_with_its_quote():
    answer = CUSTOMER_ANSWER + " As a PM I want to make the strategy decisions and leave execution to the engineers."
    grade = grade_answer(answer)
    assert [m.id for m in grade.myths] == ["strategy-is-the-job"]
    myth = grade.myths[0]
    assert myth.quote.startswith("As a PM I want to make the strategy decisions")
    assert myth.explanation and myth.advice
    assert_offsets_hold(answer, grade)


@pytest.mark.parametrize(
    "refutation",
    [
        "Many people think PMs just set strategy, but in reality most of the job is execution.",
        "My old manager believed a good product sells itself; I learned otherwise when our launch stalled.",
        "It's a myth that product managers get paid more than engineers.",
    ],
)
def test_myth_named_to_refute_it_is_not_flagged(refutation):
    grade = grade_answer(refutation + " " + CUSTOMER_ANSWER)
    assert grade.myths == []


@pytest.mark.parametrize(
    "not_a_result",
    [
        "I have 8 years of experience and led a team of 12 engineers.",
        "In 2021 we launched on a 16-core server with 64 GB of memory.",
        "Our goal is to grow revenue by 20% next year.",
        "We grew from 3 to 12 engineers and moved to Berlin two weeks later.",
        "The firmware runs a fixed 60 Hz loop; the plan is to cut the image size in half.",
        "It took us forty minutes to build, so I organised the work by quarter.",
        "Someone from sales joined, and we cut the scope for everyone.",
        "We moved 250 test runners onto spot instances and upgraded to v2.4 over a weekend.",
        "Our HL7 feed and the L5 support rota were handled by 2 people.",
        "We cut over to the new cluster at 6am on a Sunday.",
        "While upgrading Postgres from 13.4 to 15.2 we also moved the reporting jobs to a replica.",
        "We agreed to split the monolith only if checkout traffic ever doubled.",
        # dates, slogans and design properties
        "The clinic portal went live on 14 June after a two-week pilot.",
        "We went live on October 3 with the new pricing page.",
        "Their tagline 'book a table in 30 seconds' made more sense to diners than ours.",
        "Blue/green deploys meant the cutover had zero downtime.",
        # "using" a tool, and "half those" things, are no outcome
        "I keep the billing alarms for 9 accounts using one shared template.",
        "Half those endpoints are deprecated anyway, so we skipped them.",
    ],
)
def test_numbers_that_are_not_results_are_not_metrics(not_a_result):
    assert grade_answer(not_a_result).metrics == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Donations grew from $10K to $20K a month after the campaign.", "grew from $10K to $20K a month"),
        ("The new checkout halved cart abandonment.", "halved"),
        ("Twice as many users finished setup after the redesign.", "Twice as many"),
        ("Time to sign went from about five weeks to under two.", "went from about five weeks to under two"),
        ("Build time came down to twelve minutes.", "came down to twelve minutes"),
        ("Renewals went up four points in the pilot.", "went up four points"),
        ("We cut payout-related tickets in half.", "cut payout-related tickets in half"),
        ("Within a month about 12% of households had set one up.", "12% of households had set"),
        ("Restarts dropped from twelve a day to zero.", "dropped from twelve a day to zero"),
        (
            "We could finally measure it, and lead time went from three days to under five hours.",
            "went from three days to under five hours",
        ),
        # Spoken forms: hedges, a previous value, vague durations.
        ("Repeat orders went up about a quarter after that.", "up about a quarter"),
        ("Trial starts hit 12% of visitors, up from roughly 7%.", "12% of visitors, up from roughly 7%"),
        ("Onboarding fell from about half a day to twenty minutes.", "fell from about half a day to twenty minutes"),
        ("Closing the books went from a week to an afternoon.", "went from a week to an afternoon"),
        ("Page load was 3.8 seconds; we got it down to 1.1 seconds.", "got it down to 1.1 seconds"),
        ("Invoices were settled nine days sooner for those shops.", "nine days sooner"),
        ("Refund requests went from an average of six a week to two.", "went from an average of six a week to two"),
        # Adoption and milestones, multiples of a previous level, levels a measure is "down to".
        ("Renewals came in at twice the old rate for the pilot clinics.", "twice the old"),
        (
            "The cache change improved checkout throughput roughly three times.",
            "improved checkout throughput roughly three times",
        ),
        ("By spring 3,400 stores used the new label printing.", "3,400 stores used"),
        ("Thirty percent of the pilot farms had switched by June.", "Thirty percent of the pilot farms had switched"),
        ("A third of new bookings came from the partner widget.", "A third of new bookings came from"),
        ("Within a year we passed 25,000 paying subscribers.", "passed 25,000 paying subscribers"),
        ("After the fix, failed syncs were down to one job in fifty.", "were down to one job in fifty"),
        ("The support bill is down to about $12k a month.", "is down to about $12k"),
        ("Billing complaints were down to about two a week by May.", "were down to about two a week"),
        ("Battery life went from about 9 months to a bit over 2 years.", "went from about 9 months to a bit over 2"),
        # What an outcome was worth, parts of a group, further customers, failures that stopped.
        ("The two integrations unblocked renewals worth roughly $250k.", "worth roughly $250k"),
        ("Finance put the saved carts at about €30k of extra revenue.", "€30k of extra revenue"),
        ("We showed both flows to 10 nurses and 7 of them picked the checklist.", "7 of them picked"),
        ("Within a month four other clinics started using the rota view.", "four other clinics started"),
        ("They renewed and signed two more sites the next quarter.", "signed two more sites"),
        (
            "We moved every payment flow in five weeks with zero failed-payment incidents.",
            "zero failed-payment incidents",
        ),
        ("Double bookings went from several a day to about one a week.", "went from several a day to about one a week"),
        ("By the end of the pilot we reached 22% repeat use.", "reached 22%"),
        # Spans in words and frequencies, multiples of a last launch, A/B outcomes, milestones.
        ("Ticket triage went from up to a week to under an hour.", "went from up to a week to under an hour"),
        (
            "We cut the average handover time per shift roughly in half.",
            "cut the average handover time per shift roughly in half",
        ),
        ("Week-one activations were about four times our last release.", "four times our last"),
        ("Checkout completion was 64% against 52% in the control group.", "64% against 52%"),
        (
            "Releases went from roughly monthly to about three a week.",
            "went from roughly monthly to about three a week",
        ),
        ("Within a quarter about 40% of depots were using it.", "40% of depots were using it"),
        ("The app got to about 900 paying anglers in its first season.", "got to about 900 paying anglers"),
        ("We got 45 signups in the first fortnight.", "got 45 signups"),
        ("It's at roughly 3,000 active users now.", "It's at roughly 3,000 active users"),
    ],
)
def test_quantified_results_are_found(text, quote):
    assert quote in [m.quote for m in grade_answer(text).metrics]


def test_same_input_same_grade():
    assert grade_answer(TECH_ANSWER).to_json_dict() == grade_answer(TECH_ANSWER).to_json_dict()


def test_talking_point_coverage_for_bank_questions():
    from pmtrainer.models import Question

    question = Question(
        id="q",
        text="Tell me about a product you improved.",
        category="product-sense",
        difficulty="easy",
        talking_points=["The customer problem and who had it", "A measured result", "How pricing changed"],
        red_flags=["pm-is-the-boss"],
    )
    grade = grade_answer(CUSTOMER_ANSWER, question)
    assert "The customer problem and who had it" in grade.coverage.covered
    assert "How pricing changed" in grade.coverage.missed


@pytest.mark.parametrize("answer", ["", "   \n\t "])
def test_empty_answer_is_refused(answer):
    with pytest.raises(AnswerError, match="empty"):
        grade_answer(answer)


def test_overlong_answer_is_refused_with_the_limit():
    with pytest.raises(AnswerError, match="20,000"):
        grade_answer("word " * (MAX_ANSWER_CHARS // 5 + 1))


def test_unknown_engine_lists_known_ones():
    with pytest.raises(ValueError, match="offline"):
        get_engine("nope")


def test_myth_sentence_with_two_results_is_cut_around_both():
    answer = (
        CUSTOMER_ANSWER + " A good product sells itself: signups doubled and churn fell by 30% without any marketing."
    )
    grade = grade_answer(answer)
    labels = [(h.label, h.quote) for h in grade.highlights if h.label in ("myth", "metric")]
    assert ("metric", "doubled") in labels and ("metric", "fell by 30%") in labels
    assert any(label == "myth" and "sells itself" in quote for label, quote in labels)
    assert_offsets_hold(answer, grade)


def test_cue_rules_see_a_refutation_that_overlaps_the_pattern():
    # "less about" frames "about the salary", which the pay pattern matches; the cue crosses its edge.
    assert rule_myth_sentences("It's all about the salary for me, honestly.") == {"pm-pays-more": 0}
    assert rule_myth_sentences("It's less about the salary than about being closer to the people who use it.") == {}


def test_technical_jargon_the_word_lists_lack_still_reads_as_technology_talk():
    # Process-plant detail, no software words: the focus model, not the lexicon, knows it.
    answer = (
        "Most of my last two years went into the reactor revamp. We replaced the shell-and-tube exchangers with "
        "plate units, re-tuned the PID loops on the jacket temperature and rewrote the HAZOP for the new relief "
        "valves. I ran the Aspen model for every operating case and chased the pinch analysis down to a two-degree "
        "approach. People say I'm thorough, and the revamp came in under the cost estimate."
    )
    grade = grade_answer(answer)
    assert grade.verdict == "technology-heavy"
    assert grade.scores.technology_talk > 50
    assert any("shell-and-tube" in point and "customer or business outcome" in point for point in grade.feedback)
    # The annotated answer marks those sentences, since no single listed term stands behind them.
    marked = {h.quote for h in grade.highlights if h.label == "technology"}
    assert any(q.startswith("We replaced the shell-and-tube") for q in marked)
    assert any(q.startswith("I ran the Aspen model") for q in marked)
    assert not any("went into the reactor revamp" in q for q in marked)  # the model isn't sure of it


def test_a_sentence_marked_as_technology_is_cut_around_a_result_inside_it():
    answer = (
        "We re-tuned the PID loops on the jacket temperature, which cut scrap by 40% on line two. "
        "Then I rewrote the HAZOP for the relief valves and chased the pinch analysis to a two-degree approach."
    )
    grade = grade_answer(answer)
    metric = next(h for h in grade.highlights if h.label == "metric")
    assert metric.quote == "cut scrap by 40%"
    technology = {(h.start, h.end) for h in grade.highlights if h.label == "technology"}
    assert (0, metric.start) in technology  # the sentence up to the result...
    assert any(start == metric.end for start, _ in technology)  # ...and after it


@pytest.mark.parametrize(
    ("terse", "myth", "quote"),
    [
        ("Certified now. Job done, basically.", "credential-shortcut", "Certified now. Job done, basically."),
        ("Principal title here. So director of product, realistically.", "experience-transfers", None),
    ],
)
def test_a_myth_spread_over_short_sentences_is_found_and_quoted_whole(terse, myth, quote):
    grade = grade_answer(terse + " " + CUSTOMER_ANSWER)
    assert [m.id for m in grade.myths] == [myth]
    if quote:
        assert grade.myths[0].quote == quote


@pytest.mark.parametrize(
    "terse",
    ["Money's fine where I am. That's not it.", "The roadmap matters. So do the launch checklists. I like both."],
)
def test_short_sentences_on_a_myth_topic_that_hold_no_myth_are_not_flagged(terse):
    assert grade_answer(terse + " " + CUSTOMER_ANSWER).myths == []


@pytest.mark.parametrize(
    ("sentence", "myth"),
    [
        # "I don't think" does not refute by itself: what it negates may be the healthy view.
        (
            "I don't think we'd need much marketing in that market; a product that fits spreads by itself.",
            "product-sells-itself",
        ),
        (
            "With twelve years behind me I don't think I'd need the usual ramp; I'd expect to work at senior level "
            "from day one.",
            "experience-transfers",
        ),
        # A product marketing manager's version of the boss myth.
        (
            "Once the positioning is agreed, the product team builds to it: the PMM sets the direction and product "
            "follows.",
            "pm-is-the-boss",
        ),
        # "actually" as an intensifier asserts; only as a turn does it refute (see below).
        ("Honestly, knowing the internals is what actually closes enterprise deals.", "tech-depth-wins"),
        ("If the app is actually good, users will find it without any push from us.", "product-sells-itself"),
        # Implied, in ordinary words.
        ("Once their engineers have load-tested it, the contract is basically done.", "tech-depth-wins"),
        ("In networking gear the spec sheet is the product.", "tech-depth-wins"),
        (
            "I'd pass all of that to a programme manager and spend my weeks on the two-year direction.",
            "strategy-is-the-job",
        ),
        (
            "I'd set the direction with investors and let the engineering manager handle delivery.",
            "strategy-is-the-job",
        ),
        ("I can't see why I'd start again from the bottom after a decade of leading teams.", "experience-transfers"),
        ("It's really the same job with a different title.", "experience-transfers"),
        ("Product roles here are paid a band above support, which is a big draw.", "pm-pays-more"),
        ("As the product manager it's my team, and what gets built is my call.", "pm-is-the-boss"),
        ("With my background, the calls on architecture and scope would come through me.", "pm-is-the-boss"),
        ("For that kind of tool the product does the talking.", "product-sells-itself"),
        # A group that wanted something is not a group whose belief is reported; "No-shows" is no "No".
        (
            "Some designers wanted another round of research, but I made it clear that I set the priorities.",
            "pm-is-the-boss",
        ),
        ("I set the scope and told the engineers what to build. No-shows fell after that.", "pm-is-the-boss"),
        # "in practice" and "I learned" as plain words, not turns.
        (
            "I finished a product certificate in the spring, so I'm ready on paper and in practice.",
            "credential-shortcut",
        ),
        (
            "I learned the frameworks on my certificate course, and that certificate is what makes me a PM.",
            "credential-shortcut",
        ),
        # "not really" negates what follows it, here the need for marketing: that is the myth.
        (
            "It's a great product, and a great product sells itself, so we do not really need marketing.",
            "product-sells-itself",
        ),
        # A clause that goes on with the belief is no denial; "I'm not" negates only what it governs.
        (
            "I'd leave the rollout and the trainings to the operations team; that is not where a PM adds value.",
            "strategy-is-the-job",
        ),
        (
            "I'm not worried about the level: after running the platform group, a director role in product is a "
            "natural step across.",
            "experience-transfers",
        ),
        ("Once I take a decision, the team goes with it, and that's how I think it should work.", "pm-is-the-boss"),
        ("My job is to decide, theirs is to ship it.", "pm-is-the-boss"),
        ("I'd keep myself out of the weeds; the sprint tracking is for the delivery lead.", "strategy-is-the-job"),
        (
            "The status reports and the chasing of each squad I'd hand to the platform eng lead.",
            "strategy-is-the-job",
        ),
        ("A PM's real job here is the data vision for the next few years.", "strategy-is-the-job"),
        ("In monitoring tools, technical depth is what retains the big accounts.", "tech-depth-wins"),
        ("The product managers who thrive here are the ones who go deep on the query engine.", "tech-depth-wins"),
        ("At senior level the move is a real step up financially, and that matters to me.", "pm-pays-more"),
        ("On pay, I'd hope for a higher number than I'm on now.", "pm-pays-more"),
        ("Within a year I'd expect to be out-earning my old team lead.", "pm-pays-more"),
        ("Once the research is in, I make the call and the team builds it.", "pm-is-the-boss"),
        ("After the review the priorities are settled, and they're mine to make.", "pm-is-the-boss"),
        # "if we still disagree" is with a stakeholder, not with the belief; the verb is the speaker's
        (
            "If we still disagree after that, I'd overrule him, because scope is the PM's call and engineering "
            "delivers it.",
            "pm-is-the-boss",
        ),
        (
            "Some engineers wanted a bigger rewrite, but I told them it's my call as the PM and they would go "
            "with the small fix.",
            "pm-is-the-boss",
        ),
    ],
)
def test_a_myth_asserted_through_a_negation_in_marketing_terms_or_by_implication_is_found(sentence, myth):
    assert [m.id for m in grade_answer(CUSTOMER_ANSWER + " " + sentence).myths] == [myth]


@pytest.mark.parametrize(
    "sentence",
    [
        "I don't think a PM is the engineers' boss.",
        "I don't think marketing is optional; good products don't sell themselves.",
        "I don't think an MBA is what makes someone a PM.",
        # "actually" and "in practice" as turns, a quoted saying, negations
        "People think a PM is the engineers' boss. Actually, the job runs on persuasion.",
        "Actually, a great product doesn't sell itself; our launch taught me that.",
        "When a founder says 'it sells itself' it usually means nobody has mapped the channel yet.",
        "People think PMs call the shots. In practice, the job runs on persuasion.",
        "I learned the hard way that a certificate doesn't make you a PM.",
        "I'm not looking for the strategy seat.",
        "It's not really true that a good product sells itself.",
        # A past belief of the team, a counterfactual self, a named trap, a claim negated whole
        "We were sure the new dashboard would sell itself, and it didn't.",
        "A self-explanatory product needs no launch: that was the theory.",
        "If I'd been the kind of PM who just tells engineers what to build, we'd have lost the team.",
        "The trap is assuming that a faster release will spread on its own.",
        "Nine years of infrastructure work, and none of that makes me a senior PM on day one.",
    ],
)
def test_a_myth_negated_turned_down_or_quoted_is_not_flagged(sentence):
    assert grade_answer(CUSTOMER_ANSWER + " " + sentence).myths == []


@pytest.mark.parametrize(
    "reported",
    [
        "My ex-manager told me many times that product pays better than engineering.",
        "In my last company the architects often said the PM is the boss of the developers.",
        "There is a strong belief among our engineers that a good product sells itself.",
        "I've heard from friends that a certificate is all it takes to become a PM.",
        "A recruiter said product would pay me more. I don't agree with her.",
        "A lot of people coming from engineering picture the PM as the engineers' boss.",
        "There's an idea that whoever holds the product title gets to tell engineers what to build.",
        "Our CTO's line was that the roadmap is the PM's call and engineering just follows it.",
        "The regional sales director assumed a better product would win the deals on its own.",
        "I've heard investors say a good enough app spreads by itself.",
    ],
)
def test_a_myth_reported_from_others_or_rejected_next_is_not_flagged(reported):
    assert grade_answer(reported + " " + CUSTOMER_ANSWER).myths == []


def test_chat_style_negation_without_apostrophe_negates():
    answer = "a great app doesnt market itself, we found that out on our first launch. " + CUSTOMER_ANSWER
    assert grade_answer(answer).myths == []


@pytest.mark.parametrize("question", [None, "How would you design the backend for a food-delivery app?"])
def test_a_plain_design_statement_is_not_the_tech_depth_myth(question):
    # The tech-depth-wins model leans towards "I would build it on Kubernetes with a microservice
    # architecture." (logit 1.15, cut 1.10), but the sentence claims nothing for depth.
    assert grade_answer(TECH_ANSWER, question_text=question).myths == []


def test_stack_talk_as_the_answer_to_how_to_win_a_buyer_is_the_tech_depth_myth():
    # Asked how to win a customer, an answer that is all stack says the stack is what wins.
    grade = grade_answer(TECH_ANSWER, question_text="How would you pitch our platform to a bank's CIO?")
    assert [m.id for m in grade.myths] == ["tech-depth-wins"]
