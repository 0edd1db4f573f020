import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from moti.core.scheduler import periodic_enqueue_due


class Command(BaseCommand):
    help = ("Run Moti's background work: the task queue (django-tasks, database backend) and "
            "the periodic jobs (MOTI_PERIODIC_TASKS). Several workers may share one database.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Enqueue the periodic jobs that are due, run every task "
                                 "ready now, then exit.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds to wait when there is nothing to do (default 1).")

    def handle(self, *args, once=False, interval=1.0, **options):
        worker_id = get_random_string(32)
        queue = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                       startup_delay=False, max_tasks=None, worker_id=worker_id,
                       excluded_queue_names=[])
        stopping = []
        if not once:
            # Finish the task at hand, then stop (systemd and container runtimes send TERM).
            for number in (signal.SIGINT, signal.SIGTERM):
                signal.signal(number, lambda *_: stopping.append(True))
            self.stdout.write(f"worker {worker_id[:8]} started")
        failures = 0
        while not stopping:
            try:
                periodic_enqueue_due(now=timezone.now())
                queue.run()
                failures = 0
            except DatabaseError as error:
                # The database restarted or is locked for a moment: drop the broken
                # connections and try again, waiting longer each time (at most a minute),
                # rather than let the logs go unsealed until someone restarts the worker.
                failures += 1
                connections.close_all()
                self.stderr.write(f"worker {worker_id[:8]}: {type(error).__name__}: {error}; "
                                  f"retrying (failure {failures})")
                if once:
                    raise
                time.sleep(min(60.0, interval * 2 ** failures))
                continue
            if once:
                return
            time.sleep(interval)
