"""Finds quantified results: measured changes and outcomes, not years, sizes, specs or targets."""

from __future__ import annotations

import re

from pmtrainer.grading.text import Sentence

# Whole words only: "someone" holds no "one" (and the boundary makes the scan cheap).
_NUMBER_WORDS = (
    r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|hundred|a dozen|dozens|a hundred)\b"
)
_TIME_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?)"
_MONTH = (
    # "may" only where it can't be the verb: "on 28 May, ..." but not "a 5% lift may follow"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may(?=\s*(?:\d|[,.;)]|$))|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
# A number glued to a letter or slash names a thing, not an amount: v2.1, HL7, L6, Q3, HTTP/3.
_NAMED = r"(?<![A-Za-z/.])"
_QUANTITY = (
    r"(?:[$€£]\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|bn|million|thousand|billion)?\b"
    r"|" + _NAMED + r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|pp\b|percentage points?\b|x\b|×"
    r"|k\b|m\b|million\b|thousand\b|billion\b|points?\b)"
    r"|" + _NAMED + r"\d[\d,]*(?:\.\d+)?"
    # Number words count as results with a rate or a duration: "six points", "twelve minutes".
    r"|" + _NUMBER_WORDS + r"\s+(?:percent\b|percentage points?\b|points?\b|" + _TIME_UNIT + r"\b)"
    r"|" + _NUMBER_WORDS + r")"
)
_HEDGE = (
    r"(?:(?:like\s+|maybe\s+|what,?\s+)?(?:about|roughly|nearly|up to|almost|around|over|under|below|more than|less than"
    r"|fewer than|just over|just under|close to|well over|well under|like|maybe|an average of"
    r"|a (?:little|bit|touch) (?:over|under|more than|less than|above|below)|slightly (?:over|under|more than|less than))\s+)?"
)
# Words that by themselves state a measured change.
_MULTIPLIER = re.compile(
    r"\b(?:doubl(?:ed|ing)|tripl(?:ed|ing)|quadrupl(?:ed|ing)|halv(?:ed|ing)"
    r"|cut\s+(?:[\w'-]+\s+){0,8}in\s+half|(?:twice|three times|four times|five times|ten times|\d+\s*(?:x|times))"
    r"\s+(?:(?:as\s+)?(?:many|much|more|fewer|faster|higher|larger|bigger)|(?:the|our|their|its)\s+(?:previous|old|earlier|usual|former|original|last)\b)"
    # "raised throughput about four times": a change verb, what changed, then the multiple
    r"|(?:rais|increas|improv|boost|grew|grow|multipli|lift|speed|sped)\w*\s+(?:[\w'-]+\s+){0,3}?"
    + _HEDGE
    + r"(?:two|three|four|five|six|ten|\d+)\s+times(?!\s+(?:a|an|per|each|every)\b)"
    r"|(?:by|up|down)\s+(?:by\s+)?"
    + _HEDGE
    + r"(?:half|(?:a|one|two|three)[- ](?:half|thirds?|quarters?|fifths?|tenth|fourths?))"
    r"|"
    + _HEDGE
    + r"(?:a|one|two)[- ](?:half|thirds?|quarters?|fifths?)\s+(?:lower|higher|fewer|more|less|smaller|bigger|faster|shorter)"
    r"|(?:about\s+|roughly\s+|nearly\s+|almost\s+)?half\s+(?:(?:that|those)(?!\s+[a-z])|the rate|as many|as much)"
    r"|(?:sav\w+|cut|shaved|shortened|freed(?:\s+up)?)\s+"
    + _HEDGE
    + r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few)"
    r"\s+(?:hours?|minutes?|days?|weeks?|seconds?)"
    r"|(?:\d+|"
    + _NUMBER_WORDS
    + r")\s+(?:hours?|minutes?|days?|weeks?|months?)\s+(?:shorter|faster|sooner|earlier|less)"
    r"|from\s+"
    + _HEDGE
    + r"(?:\d+|one|two|three)\s+in\s+\w+\s+to\s+"
    + _HEDGE
    + r"(?:\d+|one|two|three|four|five)\s+in\s+\w+"
    r"|(?:\d+|two|three|four|five|ten)[- ]?fold)\b",
    re.IGNORECASE,
)
_CHANGE_VERB = re.compile(
    r"\b(?:increas\w*|grew|grow(?:n|s|ing)?|rais(?:ed|ing)|rose|lift(?:ed|ing)?|boost\w*"
    r"|improv\w*|cut(?!\s+over)|cutting|reduc\w*|dropp\w*|drop|fell|fall(?:en|ing)?|decreas\w*|declin\w*"
    r"|lower(?:ed|ing)|shr[au]nk|sav(?:ed|ing)|jump(?:ed|ing)?|climb(?:ed|ing)?|went|gone"
    r"|brought|shortened|sped|speed(?:ed)? up|accelerat\w*|expand\w*"
    r"|gain(?:ed)?|won|recovered"
    r"|generat(?:ed|ing)|added|eliminat\w*|trimm(?:ed|ing)|slash(?:ed|ing)|recover\w*)\b",
    re.IGNORECASE,
)
_CHANGE_NOUN = re.compile(
    r"\b(?:increase|growth|drop|decline|reduction|decrease|lift|uplift|improvement|jump|boost"
    r"|gain|rise|fall|cut|savings?|fewer|more|less|higher|lower|faster|uptick|bump)\b",
    re.IGNORECASE,
)
_UP_DOWN = re.compile(r"\b(?:up|down)(?:\s+by)?\s+(?:about\s+|roughly\s+|nearly\s+)?$", re.IGNORECASE)
_TARGET = re.compile(
    r"\b(?:target\w*|goal\w*|aim(?:s|ed|ing)?\s+(?:to|for)|plan(?:s|ned)?\s+(?:is\s+)?to|plann?ing\s+to|the\s+aim\s+is|hope\w*|want\w*|expect\w*|will|would|could|should"
    r"|projected|projection|forecast\w*|estimat\w*|intend\w*|going to|okr|objective|quota|budget(?:ed)?"
    r"|if|unless|might|may|promise\w*|commit(?:ted)? to)\b",
    re.IGNORECASE,
)
_NOT_A_RESULT_UNIT = re.compile(
    r"^\s*(?:\+\s*)?(?:years?|yrs?|months?\s+(?:of|at|in)|engineers?|developers?|people|person|"
    r"reports?|direct reports|members?|headcount|employees|hires?|-?cores?|gb|tb|mb|ghz|nodes?|"
    r"servers?|instances?|replicas?|microservices?|services?|repos?|meetings?|interviews?\b(?! more)"
    r"|[kmg]?hz\b|[kmg]i?b\b|bytes?\b|bits?\b|fps\b|(?:am|pm|a\.m\.|p\.m\.)(?!\w)|(?:st|nd|rd|th)?\s*"
    + _MONTH
    + "|"
    + _TIME_UNIT
    + r"\s+(?:ago|later|after|before|into|of)\b)",
    re.IGNORECASE,
)
# Every result needs a digit, a number word or a fraction/multiple word: a cheap gate, run on
# lower-cased text because IGNORECASE makes the scan several times slower.
_MAYBE_RESULT = re.compile(
    r"\d|\bfrom\s|"
    + _NUMBER_WORDS
    + r"|doubl|tripl|quadrupl|halv|half|third|quarter|fifth|fourth|tenth|twice|times|fold"
)
_QUANTITY_RE = re.compile(_QUANTITY, re.IGNORECASE)
_AMOUNT = (
    r"(?:half\s+an?\s+"
    + _TIME_UNIT
    + r"|"
    + _QUANTITY
    + r"|zero|none|nothing|nil|a\s+handful|a\s+few|a\s+couple|several|hourly|daily|weekly|monthly|quarterly"
    r"|an?\s+(?:afternoon|morning|evening|" + _TIME_UNIT + r"))"
)
# "from about five weeks to under two", "from a restart every couple of days to none at all"
_FROM_TO = re.compile(
    r"\bfrom\s+"
    + _HEDGE
    + _AMOUNT
    + r"(?:\s+[\w'-]+){0,4}?\s+to\s+"
    + _HEDGE
    + _AMOUNT
    + r"\b(?:\s+(?:a|an|per)\s+(?:day|week|month|hour|shift|year)\b)?",
    re.IGNORECASE,
)
# Moving things is no change by itself ("moved 300 build agents"); moving a measure from one value to another is.
_FROM_TO_VERB = re.compile(_CHANGE_VERB.pattern + r"|\b(?:took|came|mov(?:ed|ing))\b", re.IGNORECASE)
# "build time came down to twelve minutes", "complaints dropped to, what, about a third"
_DOWN_UP_TO = re.compile(
    r"\b(?:came|went|dropped|fell|cut|reduced|brought|shrank|rose|grew|climbed|jumped|increased|sped|got"
    r"|(?:was|were|is|are)(?=\s+down\b))"
    r"\s+(?:(?:it|them|this|that|down|up|back)\s+){0,2}(?:to|under|below|over|above),?\s+"
    + _HEDGE
    + r"(?:[$€£]\s?\d[\d,.]*\s*(?:k|m|bn|million|thousand|billion)?|(?:one|\d+)\s+[\w-]+\s+in\s+(?:\d+|"
    + _NUMBER_WORDS
    # a rate: "down to about one a week", "down to 3 per day"
    + r")|(?:\d+|"
    + _NUMBER_WORDS
    + r")\s+(?:a|an|per)\s+(?:day|week|month|hour|shift|year)|\d[\d,.]*\s*(?:%|percent|"
    + _TIME_UNIT
    + r"|ms|milliseconds?)|"
    + _NUMBER_WORDS
    + r"\s+"
    + _TIME_UNIT
    + r"|(?:a|one|two)[- ](?:half|thirds?|quarters?|fifths?)|zero|none)\b",
    re.IGNORECASE,
)
_DID = (
    r"(?:adopted|used|turned|set|signed|converted|renewed|churned|returned|upgraded|activated|completed|clicked"
    r"|opened|bought|paid|chose|switched|enabled|came back|stayed|left|cancel+ed|finished|tried|moved|migrated"
    r"|sent|came from|responded|subscribed|registered|installed|downloaded|purchased|booked|reordered|joined"
    r"|started|began|asked for|expanded|rolled it out|came in|signed up|signed on|picked|preferred|using\s+(?:it|them|this|that))\b"
)
# A measured share of customers who did something: "about 12% of households had set one up",
# "forty percent of active firms had sent one", "a quarter of revenue came from subscriptions",
# "6 of them finished setup faster" (a count out of a group).
_SHARE_WHO_DID = re.compile(
    r"(?<![\w.])(?:\d[\d.]*\s*(?:%|percent)|"
    + _NUMBER_WORDS
    + r"\s+percent|(?:a|one|two|three)[- ](?:third|quarter|fifth)s?|half"
    + r"|(?:\d+|"
    + _NUMBER_WORDS
    + r")(?=\s+(?:out\s+)?of\s+(?:them|those|these|the\s+(?:\d+|"
    + _NUMBER_WORDS
    + r")|\d+|"
    + _NUMBER_WORDS
    + r")\b))"
    r"(?:\s+(?:out\s+)?of\s+(?:[\w'-]+\s+){0,3}?|\s+)(?:(?:had|have|has|were|was|did)\s+(?:\w+\s+)?)?" + _DID,
    re.IGNORECASE,
)
# A count of customers who adopted something: "about 2,000 accounts used it", "three other
# merchants turned it on"; a small count needs a word saying these are further customers.
_CUSTOMERS = (
    r"(?:accounts|customers|users|teams|companies|firms|clients|stores|merchants|households|subscribers|shops"
    r"|practices|schools|restaurants|sellers|hospitals|clinics|farms|growers|dealers|banks|retailers|brands"
    r"|partners|agencies|councils|carriers|depots|sites|venues|tenants)"
)
_COUNT_WHO_DID = re.compile(
    r"(?<![\w.])(?:(?:\d{1,3},\d{3}|\d{2,}|(?:a\s+|several\s+|a\s+few\s+)?(?:hundred|thousand)s?)\s+"
    r"(?:(?:new|paying|active|more|extra|additional|other)\s+)?"
    r"|(?:\d|"
    + _NUMBER_WORDS
    + r")\s+(?:more|other|new|further|additional)\s+)"
    + _CUSTOMERS
    + r"\s+(?:had\s+|have\s+|all\s+)?"
    + _DID
    # "they renewed and added two more depots", "we signed three new banks"
    + r"|\b(?:added|won|signed|landed|onboarded|gained|brought\s+in)\s+(?:another\s+)?(?:\d+|"
    + _NUMBER_WORDS
    + r")\s+(?:more|new|other|further|additional|paying)\s+"
    + _CUSTOMERS
    + r"\b",
    re.IGNORECASE,
)
# "we reached 10,000 weekly users": a milestone of customers or revenue.
_REACHED = re.compile(
    r"\b(?:reached|hit|passed|crossed|topped|got(?:\s+to)?|grew\s+to|climbed\s+to|(?:it's|it\s+is|we're|we\s+are)\s+at)\s+"
    + _HEDGE
    + r"[$€£]?\d[\d,.]*\s*(?:k|m|bn|million|thousand|%)?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:users|customers|subscribers|accounts|members|downloads|installs|sign-?ups|orders|merchants|sellers|teams"
    r"|companies|arr|mrr|revenue|in\s+(?:arr|mrr|revenue|sales|bookings))\b"
    # whoever they are, paying or active ones are customers: "about 400 paying walkers"
    r"|\b(?:reached|got\s+to|grew\s+to|climbed\s+to|(?:it's|it\s+is|we're|we\s+are)\s+at)\s+"
    + _HEDGE
    + r"\d[\d,.]*\s*(?:k|thousand)?\s+(?:paying|active|weekly\s+active|monthly\s+active|daily\s+active|repeat)\s+[\w-]+"
    # a rate reached: "we reached 18% recovery", but not "hit our 99.9% uptime target"
    r"|\b(?:reached|hit)\s+" + _HEDGE + r"\d[\d.]*\s*(?:%|percent)(?!\s+(?:[\w-]+\s+)?(?:target|goal|sla)\b)",
    re.IGNORECASE,
)
# What an outcome was worth: "three renewals worth about $400k", "£40k of extra revenue".
_WORTH = re.compile(
    r"\b(?:worth|valued at|put at)\s+" + _HEDGE + r"[$€£]\s?\d[\d,.]*\s*(?:k|m|bn|million|thousand|billion)?"
    r"|[$€£]\s?\d[\d,.]*\s*(?:k|m|bn|million|thousand|billion)?\s+(?:of|in)\s+(?:extra|additional|new|incremental"
    r"|recovered|saved|retained)\s+(?:revenue|arr|mrr|sales|bookings|savings|pipeline)",
    re.IGNORECASE,
)
# "with zero failed-payment incidents": none of a kind of failure ("zero downtime" is mostly a design goal).
_ZERO_FAILURES = re.compile(
    r"\b(?:zero|0)\s+(?:[\w-]+\s+){0,2}?(?:incidents?|outages?|defects?|bugs?|complaints?|errors?"
    r"|failures?|escalations?|regressions?|rollbacks?|sev\s?[0-9]s?|data loss|lost (?:orders|payments|data))\b",
    re.IGNORECASE,
)
# An A/B outcome: "conversion was 11% against 7%".
_VERSUS = re.compile(r"\d[\d.]*\s*%\s+(?:against|versus|vs\.?|compared\s+(?:to|with))\s+\d[\d.]*\s*%")
# "crash-free sessions reached 99.7%, up from 98.9%": the previous value marks a change.
_UP_FROM = re.compile(r"\b(?:up|down)\s+from\s+" + _HEDGE + _AMOUNT + r"(?![\w-])", re.IGNORECASE)
_VERSION_CHANGE = re.compile(r"\b(?:upgrad\w*|downgrad\w*|versions?|releases?|bump\w*)\b", re.IGNORECASE)
_VERSION_PAIR = re.compile(r"from\s+v?\d+(?:\.\d+)+\s+to\s+v?\d+(?:\.\d+)+", re.IGNORECASE)
_AFTER_MONTH = re.compile(_MONTH + r"\s+$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DURATION = re.compile(r"\s*(?:years?|months?)\b(?!\s+(?:of|at|in|ago)\b)", re.IGNORECASE)


def quantified_results(answer: str, sentence_list: list[Sentence]) -> list[tuple[int, int]]:
    """Character ranges of quantified results in `answer`, in order, not overlapping."""
    found: list[tuple[int, int]] = []
    for sentence in sentence_list:
        for clause_start, clause in _clauses(sentence):
            offset = 0
            while span := _result_in_clause(clause[offset:]):
                found.append((clause_start + offset + span[0], clause_start + offset + span[1]))
                offset += max(span[1], 1)
    return found


def _clauses(sentence: Sentence):
    """Split a sentence at commas/semicolons/'and' so a target clause can't hide a result."""
    start = 0
    for match in re.finditer(r",\s+(?:and|but|while|which|so)\s+|;\s+|\s+but\s+|\s+while\s+", sentence.text):
        yield sentence.start + start, sentence.text[start : match.start()]
        start = match.end()
    yield sentence.start + start, sentence.text[start:]


def _result_in_clause(clause: str) -> tuple[int, int] | None:
    if not _MAYBE_RESULT.search(clause.lower()):
        return None
    multiplier = _MULTIPLIER.search(clause)
    if multiplier and not _aimed(clause, multiplier.start()):
        return _widen(clause, multiplier.start(), multiplier.end())
    # Each grammar runs only where its anchor word occurs.
    down_up_to = _DOWN_UP_TO.search(clause) if " to" in clause else None
    share = _SHARE_WHO_DID.search(clause)
    count = _COUNT_WHO_DID.search(clause)
    reached = _REACHED.search(clause)
    up_from = _UP_FROM.search(clause) if "from" in clause else None
    worth = _WORTH.search(clause) if "$" in clause or "£" in clause or "€" in clause else None
    zero = _ZERO_FAILURES.search(clause) if "0" in clause or "zero" in clause.lower() else None
    versus = _VERSUS.search(clause) if "%" in clause else None
    for found in (down_up_to, share, count, up_from, reached, worth, zero, versus):
        if found and not _aimed(clause, found.start()):
            start = found.start()
            if found is up_from:  # the new value just before it belongs to the result
                before = [
                    q.start()
                    for q in _QUANTITY_RE.finditer(clause, max(0, start - 60), start)
                    if _is_measure(q.group()) and " and " not in clause[q.end() : start]
                ]
                start = before[-1] if before else start
            return _widen(clause, start, found.end())
    from_to = _FROM_TO.search(clause)
    # A range of team sizes ("grew from 3 to 12 engineers") hides its numbers too; a range of
    # durations ("battery life went from 7 months to 2 years") is a change, not a tenure.
    hidden = (
        range(from_to.start(), from_to.end())
        if from_to and _is_team_or_tenure(clause, from_to.end()) and not _DURATION.match(clause, from_to.end())
        else range(0)
    )
    # "upgrading Kafka from 2.8 to 3.4" changes versions, not a measure.
    if from_to and _VERSION_CHANGE.search(clause, 0, from_to.start()) and _VERSION_PAIR.fullmatch(from_to.group()):
        from_to = None
    if from_to and not hidden and _FROM_TO_VERB.search(clause):
        if not _aimed(clause, from_to.start()):
            verb = list(_FROM_TO_VERB.finditer(clause[max(0, from_to.start() - 25) : from_to.start()]))
            start = from_to.start() - (min(25, from_to.start()) - verb[-1].start()) if verb else from_to.start()
            return _widen(clause, start, from_to.end())
    for qty in _QUANTITY_RE.finditer(clause):
        if not _is_measure(qty.group()) or _is_team_or_tenure(clause, qty.end()) or qty.start() in hidden:
            continue
        if _AFTER_MONTH.search(clause, max(0, qty.start() - 12), qty.start()):  # "on March 28"
            continue
        if _aimed(clause, qty.start()):
            continue
        before = clause[max(0, qty.start() - 60) : qty.start()]
        after = clause[qty.end() : qty.end() + 40]
        verb_before = list(_CHANGE_VERB.finditer(before)) or list(_UP_DOWN.finditer(before))
        # A number inside a quoted slogan ("'close your books in 3 days' made more sense") ends at the quote.
        noun_after = _CHANGE_NOUN.search(re.split(r"['\"’”](?!\w)", after[:25], maxsplit=1)[0])
        if verb_before or noun_after:
            start = qty.start() - (len(before) - verb_before[-1].start()) if verb_before else qty.start()
            end = qty.end() + (noun_after.end() if noun_after else 0)
            return _widen(clause, start, end)
    return None


def _aimed(clause: str, position: int) -> bool:
    """True when a target or plan word governs `position`: it comes after the last comma before it."""
    head = clause[:position]
    return bool(_TARGET.search(head, head.rfind(",") + 1))


def _is_measure(text: str) -> bool:
    """A quantity that can express a result: a rate, money or a multiple, not a bare count."""
    text = text.strip()
    if _YEAR.match(text):
        return False
    return bool(
        re.search(r"[%$€£×]|percent|points?|pp\b|\d\s*x\b|\d\s*(?:k|m|bn)\b|million|thousand|billion", text, re.I)
    ) or bool(re.match(r"\d", text))


def _is_team_or_tenure(clause: str, end: int) -> bool:
    return bool(_NOT_A_RESULT_UNIT.match(clause[end : end + 30]))


def _widen(clause: str, start: int, end: int) -> tuple[int, int]:
    """Trim the span to whole words and strip stray punctuation at its edges."""
    while start > 0 and clause[start - 1].isalnum():
        start -= 1
    while end < len(clause) and clause[end].isalnum():
        end += 1
    while end > start and clause[end - 1] in " ,;:":
        end -= 1
    while start < end and clause[start] in " ,;:":
        start += 1
    return start, end
