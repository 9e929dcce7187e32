"""What members read: emails, pages, texts and drafted messages, from the domain's data. No I/O."""
