"""The review: the readiness verdict, the platform's own word (live version, host apps), and
the submission from the app. See readiness.py, platform.py, platform_word.py, submission.py."""
