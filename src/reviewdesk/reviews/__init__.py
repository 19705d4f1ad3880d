"""Reviews layer: letters threaded into reviews and rounds, comment lives, deadlines."""

from reviewdesk.reviews.calendar import add_business_days, business_day, response_due
from reviewdesk.reviews.checks import AttachmentShare, attachment_share, review_problems
from reviewdesk.reviews.deadlines import Deadline, DeadlineStatus, review_deadlines
from reviewdesk.reviews.lifecycle import CommentLife, comment_lives
from reviewdesk.reviews.model import CommentStatus, Review, Round, ThreadLetter
from reviewdesk.reviews.rebuild import RebuildSummary, rebuild
from reviewdesk.reviews.store_letters import Companies, companies_of
from reviewdesk.reviews.threading import Threading, thread

__all__ = [
    "AttachmentShare",
    "CommentLife",
    "CommentStatus",
    "Companies",
    "Deadline",
    "DeadlineStatus",
    "RebuildSummary",
    "Review",
    "Round",
    "ThreadLetter",
    "Threading",
    "add_business_days",
    "attachment_share",
    "business_day",
    "comment_lives",
    "companies_of",
    "rebuild",
    "response_due",
    "review_deadlines",
    "review_problems",
    "thread",
]
