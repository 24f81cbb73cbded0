"""The server's safety: password hashes, the users file and roles, signed cookies and the
server's list of open sessions, the login throttle, CSRF tokens, the Host check and the upload
size limit."""
