"""The Celery application of evtxdiag workers: `celery -A evtxdiag_celery.app worker`.

Settings chosen for cases that take seconds to minutes and must never be lost:
- task_acks_late + task_reject_on_worker_lost: a message is acknowledged after its task ends;
  when the pool child running it dies (kill -9, out of memory, the hard time limit) the message
  goes back to the queue and another child runs the case;
- worker_prefetch_multiplier 1: a worker holds no more cases than it runs, so a slow case does
  not keep others waiting behind it while another worker is idle;
- soft and hard time limits above the download deadline plus the case timeout, and a Redis
  visibility timeout above the hard limit (else Redis would hand a running case to a second
  worker);
- JSON messages only (no pickle from the queue);
- the worker's event loop wakes every 20 ms (WakeEventLoop): with Redis, acks late and prefetch 1
  the next case is asked for only when the loop next wakes, which without a timer is up to two
  seconds after a case ends (Celery issues 4378 and 7718): measured here, 34 small cases took 52 s
  on one worker process instead of 2.5 s.
"""
from celery import Celery, bootsteps

from . import settings as _settings

SETTINGS = _settings.load()

app = Celery("evtxdiag_celery", broker=SETTINGS.broker_url, backend=SETTINGS.result_url,
             include=["evtxdiag_celery.tasks"])
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_soft_time_limit=SETTINGS.soft_time_limit,
    task_time_limit=SETTINGS.hard_time_limit,
    task_default_queue=SETTINGS.queue,
    broker_transport_options={"visibility_timeout": int(SETTINGS.hard_time_limit) + 600},
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_accept_content=["json"],
    result_expires=3600,
    worker_hijack_root_logger=False,
)


class WakeEventLoop(bootsteps.StartStopStep):
    """A timer that makes the worker's event loop go round every WAKE_SECONDS, so that the Redis
    transport sends its next BRPOP as soon as a finished case frees the prefetch slot."""

    WAKE_SECONDS = 0.02
    requires = {"celery.worker.components:Hub"}

    def start(self, worker):
        if worker.hub is not None:  # prefork pool over Redis: the event loop of the worker
            worker.hub.call_repeatedly(self.WAKE_SECONDS, _nothing)


def _nothing():
    pass


app.steps["worker"].add(WakeEventLoop)
