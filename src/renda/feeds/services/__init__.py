from .tokens import feed_token_issue, feed_token_revoke

__all__ = ["feed_token_issue", "feed_token_revoke"]
