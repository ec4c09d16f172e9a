"""The sandbox child holds none of the caller's files, sockets or pipes: a long-lived warm child
must not keep a pipe open after its owner closed it (a reader would never see end-of-file)."""
import os
import select

from agents.intake.sandbox import default_warm_sandbox, run_sandboxed

TARGET = "tests.sandbox.test_inherited_descriptors:open_descriptors"


def open_descriptors(_: bytes) -> int:
    return len(os.listdir("/proc/self/fd")) - 1  # listdir holds one while it runs


def test_it_does_not_keep_the_callers_pipe_open_in_the_warm_child():
    read_fd, write_fd = os.pipe()
    try:
        run_sandboxed(TARGET, b"%PDF-1.4", timeout_s=10, reuse=True)
        assert default_warm_sandbox().pid is not None  # the warm child is alive now
        os.close(write_fd)  # the caller is done; only a leaked copy would keep the pipe open

        ready, _, _ = select.select([read_fd], [], [], 2)
        assert ready and os.read(read_fd, 1) == b""
    finally:
        os.close(read_fd)
        default_warm_sandbox().close()


def test_it_sees_only_stdio_and_its_own_pipes_in_either_child():
    forked = run_sandboxed(TARGET, b"%PDF-1.4", timeout_s=10)
    warm = run_sandboxed(TARGET, b"%PDF-1.4", timeout_s=10, reuse=True)
    default_warm_sandbox().close()

    assert forked <= 4  # stdin, stdout, stderr, the pipe back
    assert warm <= 5  # stdin, stdout, stderr, the request and the reply pipes
