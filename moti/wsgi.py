"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moti.settings")
application = get_wsgi_application()

if os.environ.get("MOTI_GC_FREEZE", "true").lower() in ("1", "true", "yes"):
    # Everything loaded so far (Django, the apps, the URL and template machinery) lives as
    # long as the process: moved out of the collector's sight, so that an old-generation
    # collection in the middle of a request no longer walks it (docs/performance.md).
    gc.collect()
    gc.freeze()
