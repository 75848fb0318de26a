from kanmin.cli import main

main()
