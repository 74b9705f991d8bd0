import logging

# The fault tests make the client warn on purpose (no verdict, queued for later); keep the run readable.
logging.getLogger("warden").setLevel(logging.ERROR)
