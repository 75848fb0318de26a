"""パブリックコメント / Public comment: cases, submissions, redaction, grouping and published results."""
