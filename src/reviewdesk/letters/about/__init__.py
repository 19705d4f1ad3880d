"""What a letter is about: topics and asks of each staff comment, answer classes and topics of
each company answer (shared/eval/TOPICS.md codes), read by a small linear model shipped with
the package, with transparent caption, citation and cue-phrase signals."""
