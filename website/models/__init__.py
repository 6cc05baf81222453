"""All models, imported here so Alembic and the app see the whole schema."""
from website.models.account_request import AccountRequest
from website.models.analytics import JobMatch, ResumeAnalytic
from website.models.api_token import ApiToken
from website.models.application import (
    Application,
    ApplicationEvent,
    ApplicationLink,
    CoverLetter,
    CoverLetterVersion,
)
from website.models.base import TimestampMixin, UTCDateTime, utcnow
from website.models.design import Design, UserDesignPreference
from website.models.login_session import LoginSession
from website.models.notification import EmailNotification, EmailOptOut
from website.models.pending_import import PendingImport
from website.models.rendered_file import RenderedFile, RenderJob
from website.models.resume import Resume, ResumePhoto, ResumeShare, ResumeVersion
from website.models.two_factor import RecoveryCode, TotpCredential
from website.models.user import User
from website.models.webhook import Webhook, WebhookDelivery

__all__ = ["AccountRequest", "ApiToken", "Application", "ApplicationEvent", "ApplicationLink",
           "CoverLetter", "CoverLetterVersion", "EmailNotification", "EmailOptOut", "JobMatch",
           "LoginSession", "PendingImport", "RecoveryCode", "RenderJob", "RenderedFile", "Resume",
           "ResumeAnalytic", "ResumePhoto", "ResumeShare", "ResumeVersion", "Design",
           "TimestampMixin", "TotpCredential", "UTCDateTime", "User", "UserDesignPreference",
           "Webhook", "WebhookDelivery", "utcnow"]
