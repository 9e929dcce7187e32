"""The public HTML pages behind reminder links: forms in, pages out. No logic of their own."""
