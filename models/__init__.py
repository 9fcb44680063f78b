"""SQLAlchemy 2.x models of fundwatch, one module per aggregate, and their sessions."""

from models.account import AdminUser, ApiToken, Bookmark, LoginToken, Suppression, WebSession
from models.base import Base
from models.call import Call, CallAlias, CallChange, CallSource, TagFeedback
from models.digest import Digest, DigestItem, OutboxMessage
from models.offer import Interest, PartnerOffer
from models.participant import Contact, Participant
from models.source import CrawlRun, HttpValidator, Source

__all__ = [
    "AdminUser",
    "ApiToken",
    "Base",
    "Bookmark",
    "Call",
    "CallAlias",
    "CallChange",
    "CallSource",
    "Contact",
    "CrawlRun",
    "Digest",
    "DigestItem",
    "HttpValidator",
    "Interest",
    "LoginToken",
    "OutboxMessage",
    "Participant",
    "PartnerOffer",
    "Source",
    "Suppression",
    "TagFeedback",
    "WebSession",
]
