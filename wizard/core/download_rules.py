"""The download decisions under one name, for code written before they were split by concern.

Each rule lives in one module of `wizard.core.download` (links, resume, failures, progress,
filenames, recent); sizes in `wizard.core.sizes`, Qt's network errors in
`wizard.core.network_errors`. New code imports from those modules directly.
"""

from __future__ import annotations

from wizard.core.download.failures import (
    DownloadOutcome,
    FailureKind,
    describe_http_error,
    describe_network_error,
    failure_for_problem,
    keeps_partial,
    logged_out_message,
    payload_problem,
    retry_automatically,
)
from wizard.core.download.filenames import sanitize_filename, suggest_filename
from wizard.core.download.links import (
    FALLBACK_FILENAME,
    MAX_REDIRECTS,
    PART_SUFFIX,
    RedirectVerdict,
    check_download_url,
    part_path,
    redirect_allowed,
    redirect_verdict,
    target_for_url,
)
from wizard.core.download.progress import RateEstimator, progress_line
from wizard.core.download.recent import find_recent_zips
from wizard.core.download.resume import (
    AttemptBudget,
    ContentRange,
    PartialInfo,
    ResumeAction,
    ResumeDecision,
    SizeVerdict,
    check_final_size,
    decide_resume,
    parse_content_length,
    parse_content_range,
    parse_unsatisfied_range,
    pick_validator,
)
from wizard.core.payload import SNIFF_BYTES, PayloadKind, json_detail, sniff_payload
from wizard.core.sizes import format_size, format_speed, format_time_left

__all__ = [
    "FALLBACK_FILENAME",
    "MAX_REDIRECTS",
    "PART_SUFFIX",
    "SNIFF_BYTES",
    "AttemptBudget",
    "ContentRange",
    "DownloadOutcome",
    "FailureKind",
    "PartialInfo",
    "PayloadKind",
    "RateEstimator",
    "RedirectVerdict",
    "ResumeAction",
    "ResumeDecision",
    "SizeVerdict",
    "check_download_url",
    "check_final_size",
    "decide_resume",
    "describe_http_error",
    "describe_network_error",
    "failure_for_problem",
    "find_recent_zips",
    "format_size",
    "format_speed",
    "format_time_left",
    "json_detail",
    "keeps_partial",
    "logged_out_message",
    "parse_content_length",
    "parse_content_range",
    "parse_unsatisfied_range",
    "part_path",
    "payload_problem",
    "pick_validator",
    "progress_line",
    "redirect_allowed",
    "redirect_verdict",
    "retry_automatically",
    "sanitize_filename",
    "sniff_payload",
    "suggest_filename",
    "target_for_url",
]
