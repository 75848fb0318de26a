"""WSGI entry point (waitress in `kanmin serve`, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanmin.settings")
application = get_wsgi_application()
