"""Transfer rate, time left and the progress line shown while a package downloads."""

from __future__ import annotations

from collections import deque

from wizard.core.i18n import _
from wizard.core.sizes import format_size, format_speed, format_time_left


class RateEstimator:
    """Transfer rate over a sliding window of recent samples; the caller passes the time in."""

    def __init__(self, window_s: float = 5.0) -> None:
        self.window_s = window_s
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        self._samples.clear()

    def add(self, now: float, received: int) -> None:
        """Record that `received` bytes in total had arrived at time `now` (seconds)."""
        if self._samples and received < self._samples[-1][1]:
            # The count went back (a restart from zero): the old samples say nothing now.
            self._samples.clear()
        self._samples.append((now, received))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.window_s:
            self._samples.popleft()

    def rate(self) -> float | None:
        """Bytes per second, or None until there is at least a short span to measure."""
        if len(self._samples) < 2:
            return None
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 - t0 < 0.2:
            return None
        return (b1 - b0) / (t1 - t0)

    def seconds_left(self, received: int, total: int) -> float | None:
        rate = self.rate()
        if rate is None or rate <= 0 or total < 0 or received > total:
            return None
        return (total - received) / rate


def progress_line(received: int, total: int, rate: float | None, seconds_left: float | None) -> str:
    """ "3.2 MB / 12.0 MB · 1.1 MB/s · about 8 s left"; parts are left out while unknown."""
    if total >= 0:
        parts = [
            _("{received} / {total}").format(
                received=format_size(received), total=format_size(total)
            )
        ]
    else:
        parts = [format_size(received)]
    if rate is not None:
        parts.append(format_speed(rate))
    if seconds_left is not None and total >= 0 and received < total:
        parts.append(format_time_left(seconds_left))
    return " · ".join(parts)
