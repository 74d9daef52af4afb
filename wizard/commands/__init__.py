"""The sub-commands of `python -m wizard`: argparse, exit codes and printing; the rules and
sentences they print live in wizard.core."""
