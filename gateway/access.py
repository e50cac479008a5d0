"""Which exposed methods the gateway lets through without a credential.

The rule: every RPC with a `google.api.http` rule requires a caller — a user's access token
(JWT, verified by the gateway against identity's JWKS) or an organization's API key
(`osk_…`, checked by identity through ext_authz) — unless it is listed here. Only methods
that cannot work otherwise belong on this list: the ones that hand out credentials
(sign-up, login, refresh, logout), take an e-mailed token (verifying an address),
publish what verifies them (the JWKS), or that a stranger must be able to read (an
invitation before accepting it, the template categories of the public catalog, the
plans, credit packages and AI catalog on sale, an agent behind a share link), and
provider webhooks, whose own secret (Stripe's signature over the raw body) is checked by
the owning service. A share link's id is its own secret, and its visitor's run token the
key to that one run (agents checks both). Later: the web-chat widget.

A public method still accepts a credential: a valid one is forwarded as usual, an
invalid one is refused (401), so a client never silently becomes anonymous. Being public
only skips the gateway's check; the service still authorizes every call.

Full method names (`package.Service/Method`); `gateway.envoy.render` refuses a name that
is not an exposed method of the descriptor set.
"""

from __future__ import annotations

PUBLIC_METHODS: frozenset[str] = frozenset(
    {
        "keel.identity.v1.AuthService/Signup",
        "keel.identity.v1.AuthService/Login",
        "keel.identity.v1.AuthService/Refresh",
        "keel.identity.v1.AuthService/Logout",
        "keel.identity.v1.AuthService/VerifyEmail",
        "keel.identity.v1.AuthService/GetJwks",
        "keel.identity.v1.InvitationService/GetInvitation",
        "keel.catalog.v1.CatalogService/ListCategories",
        "keel.catalog.v1.CatalogService/GetCategory",
        # Browsing and reading templates: a stranger sees the public ones (catalog decides
        # what each caller sees; a credential, when sent, shows more).
        "keel.catalog.v1.TemplateService/ListTemplates",
        "keel.catalog.v1.TemplateService/GetTemplate",
        "keel.catalog.v1.TemplateService/ListTemplateVersions",
        "keel.catalog.v1.TemplateService/GetTemplateVersion",
        "keel.billing.v1.PlanService/ListPlans",
        "keel.billing.v1.PlanService/ListCreditPackages",
        "keel.billing.v1.PlanService/GetAICatalog",
        "keel.billing.v1.StripeWebhookService/HandleStripeEvent",
        # An anonymous visitor of a share link: the agent's public face, a run, its events.
        "keel.agents.v1.SharedAgentService/GetSharedAgent",
        "keel.agents.v1.SharedAgentService/StartSharedRun",
        "keel.agents.v1.SharedAgentService/GetSharedRun",
        "keel.agents.v1.SharedAgentService/StreamSharedRunEvents",
    }
)
