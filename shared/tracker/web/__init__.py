"""The public HTML pages behind signed links (/log, /unsubscribe, /plan): their routes and the
parsing of their forms. The pages themselves are rendered in tracker/rendering."""
