"""Agency mode's safety: password hashes, the users file and roles, signed sessions, CSRF
tokens and the upload size limit."""
