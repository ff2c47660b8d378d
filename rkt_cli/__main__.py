from rkt_cli.cli import main

main()
