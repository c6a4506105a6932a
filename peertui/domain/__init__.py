"""Pure meeting logic: no textual, no tinydb, so it is fast to test and safe to reuse."""
