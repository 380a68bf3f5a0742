from pmtrainer.cli import main

main()
