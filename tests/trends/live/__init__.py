"""The trends views as they counted before the trend facts: live SQL over letters, labels and
reviews, kept here unchanged as the direct computation the facts must equal
(test_trends_facts.py)."""
