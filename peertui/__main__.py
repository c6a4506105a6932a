from peertui.cli import main

main()
