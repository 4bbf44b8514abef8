"""A graceful shutdown (SIGTERM, `docker stop`) answers waiting long polls at once instead of
holding the server up to WaitTimeSeconds (docker stop kills after 10 s)."""
import signal
import threading
import time
import uuid

from botocore.config import Config

from conftest import REGION


def test_sigterm_answers_waiting_long_polls_at_once(start_server):
    server = start_server()
    sqs = server.client("sqs", config=Config(region_name=REGION, read_timeout=30,
                                              retries={"max_attempts": 1}))
    url = sqs.create_queue(QueueName=f"drain-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    answers = []

    def poll():
        answers.append(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20))

    pollers = [threading.Thread(target=poll) for _ in range(3)]
    for thread in pollers:
        thread.start()
    time.sleep(0.5)
    began = time.monotonic()
    assert server.stop(signal.SIGTERM) == 0
    assert time.monotonic() - began < 3
    for thread in pollers:
        thread.join(5)
    assert len(answers) == 3
    assert all(answer.get("Messages", []) == [] for answer in answers)
