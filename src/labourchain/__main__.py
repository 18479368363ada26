from labourchain.cli import main

main()
