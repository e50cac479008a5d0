"""Contains all the data models used in inputs/outputs"""

from .admin_service_set_organization_plan_tier_body import AdminServiceSetOrganizationPlanTierBody
from .admin_service_suspend_user_body import AdminServiceSuspendUserBody
from .admin_service_unsuspend_user_body import AdminServiceUnsuspendUserBody
from .agent_service_create_agent_from_template_body import AgentServiceCreateAgentFromTemplateBody
from .agent_service_create_agent_from_template_body_visibility import (
    AgentServiceCreateAgentFromTemplateBodyVisibility,
)
from .agent_service_list_agents_visibility import AgentServiceListAgentsVisibility
from .agent_service_rollback_agent_body import AgentServiceRollbackAgentBody
from .agent_service_update_agent_body import AgentServiceUpdateAgentBody
from .agent_service_update_agent_body_visibility import AgentServiceUpdateAgentBodyVisibility
from .analytics_service_export_run_logs_format import AnalyticsServiceExportRunLogsFormat
from .analytics_service_export_run_logs_window_days_type_1 import (
    AnalyticsServiceExportRunLogsWindowDaysType1,
)
from .analytics_service_get_agent_analytics_window_days_type_1 import (
    AnalyticsServiceGetAgentAnalyticsWindowDaysType1,
)
from .analytics_service_get_agent_stats_window_days_type_1 import (
    AnalyticsServiceGetAgentStatsWindowDaysType1,
)
from .analytics_service_get_agent_timeline_window_days_type_1 import (
    AnalyticsServiceGetAgentTimelineWindowDaysType1,
)
from .analytics_service_list_agent_tools_window_days_type_1 import (
    AnalyticsServiceListAgentToolsWindowDaysType1,
)
from .analytics_service_list_tool_executions_window_days_type_1 import (
    AnalyticsServiceListToolExecutionsWindowDaysType1,
)
from .api_key_service_create_api_key_body import ApiKeyServiceCreateApiKeyBody
from .api_key_service_create_api_key_body_kind import ApiKeyServiceCreateApiKeyBodyKind
from .api_key_service_create_api_key_body_scopes_item import ApiKeyServiceCreateApiKeyBodyScopesItem
from .api_key_service_revoke_api_key_body import ApiKeyServiceRevokeApiKeyBody
from .billing_service_create_checkout_session_body import BillingServiceCreateCheckoutSessionBody
from .billing_service_create_checkout_session_body_plan import (
    BillingServiceCreateCheckoutSessionBodyPlan,
)
from .billing_service_create_portal_session_body import BillingServiceCreatePortalSessionBody
from .credit_service_adjust_credits_body import CreditServiceAdjustCreditsBody
from .credit_service_grant_credits_body import CreditServiceGrantCreditsBody
from .credit_service_grant_credits_body_bucket import CreditServiceGrantCreditsBodyBucket
from .credit_service_list_transactions_types_item import CreditServiceListTransactionsTypesItem
from .credit_service_release_body import CreditServiceReleaseBody
from .credit_service_reserve_body import CreditServiceReserveBody
from .credit_service_reserve_body_metadata import CreditServiceReserveBodyMetadata
from .credit_service_set_child_spending_cap_body import CreditServiceSetChildSpendingCapBody
from .credit_service_settle_body import CreditServiceSettleBody
from .google_rpc_status import GoogleRpcStatus
from .google_rpc_status_details_item import GoogleRpcStatusDetailsItem
from .google_type_date import GoogleTypeDate
from .invitation_service_accept_invitation_body import InvitationServiceAcceptInvitationBody
from .invitation_service_create_invitation_body import InvitationServiceCreateInvitationBody
from .invitation_service_create_invitation_body_role import (
    InvitationServiceCreateInvitationBodyRole,
)
from .invitation_service_list_invitations_status import InvitationServiceListInvitationsStatus
from .keel_agents_v1_agent import KeelAgentsV1Agent
from .keel_agents_v1_agent_config import KeelAgentsV1AgentConfig
from .keel_agents_v1_agent_insight import KeelAgentsV1AgentInsight
from .keel_agents_v1_agent_stats import KeelAgentsV1AgentStats
from .keel_agents_v1_agent_version import KeelAgentsV1AgentVersion
from .keel_agents_v1_builtin_tool import KeelAgentsV1BuiltinTool
from .keel_agents_v1_builtin_tool_settings import KeelAgentsV1BuiltinToolSettings
from .keel_agents_v1_busy_thread_policy import KeelAgentsV1BusyThreadPolicy
from .keel_agents_v1_cancel_run_response import KeelAgentsV1CancelRunResponse
from .keel_agents_v1_channel_defaults import KeelAgentsV1ChannelDefaults
from .keel_agents_v1_channel_defaults_channels_item import KeelAgentsV1ChannelDefaultsChannelsItem
from .keel_agents_v1_create_agent_from_template_response import (
    KeelAgentsV1CreateAgentFromTemplateResponse,
)
from .keel_agents_v1_create_agent_request import KeelAgentsV1CreateAgentRequest
from .keel_agents_v1_create_agent_request_visibility import KeelAgentsV1CreateAgentRequestVisibility
from .keel_agents_v1_create_agent_response import KeelAgentsV1CreateAgentResponse
from .keel_agents_v1_create_share_link_response import KeelAgentsV1CreateShareLinkResponse
from .keel_agents_v1_create_thread_request import KeelAgentsV1CreateThreadRequest
from .keel_agents_v1_create_thread_request_metadata import KeelAgentsV1CreateThreadRequestMetadata
from .keel_agents_v1_create_thread_response import KeelAgentsV1CreateThreadResponse
from .keel_agents_v1_delete_agent_response import KeelAgentsV1DeleteAgentResponse
from .keel_agents_v1_delete_share_link_response import KeelAgentsV1DeleteShareLinkResponse
from .keel_agents_v1_export_format import KeelAgentsV1ExportFormat
from .keel_agents_v1_generation_settings import KeelAgentsV1GenerationSettings
from .keel_agents_v1_get_agent_analytics_response import KeelAgentsV1GetAgentAnalyticsResponse
from .keel_agents_v1_get_agent_response import KeelAgentsV1GetAgentResponse
from .keel_agents_v1_get_agent_stats_response import KeelAgentsV1GetAgentStatsResponse
from .keel_agents_v1_get_agent_timeline_response import KeelAgentsV1GetAgentTimelineResponse
from .keel_agents_v1_get_agent_version_response import KeelAgentsV1GetAgentVersionResponse
from .keel_agents_v1_get_run_response import KeelAgentsV1GetRunResponse
from .keel_agents_v1_get_shared_agent_response import KeelAgentsV1GetSharedAgentResponse
from .keel_agents_v1_get_shared_run_response import KeelAgentsV1GetSharedRunResponse
from .keel_agents_v1_get_thread_response import KeelAgentsV1GetThreadResponse
from .keel_agents_v1_list_agent_tools_response import KeelAgentsV1ListAgentToolsResponse
from .keel_agents_v1_list_agent_versions_response import KeelAgentsV1ListAgentVersionsResponse
from .keel_agents_v1_list_agents_response import KeelAgentsV1ListAgentsResponse
from .keel_agents_v1_list_runs_response import KeelAgentsV1ListRunsResponse
from .keel_agents_v1_list_share_links_response import KeelAgentsV1ListShareLinksResponse
from .keel_agents_v1_list_thread_messages_response import KeelAgentsV1ListThreadMessagesResponse
from .keel_agents_v1_list_threads_response import KeelAgentsV1ListThreadsResponse
from .keel_agents_v1_list_tool_executions_response import KeelAgentsV1ListToolExecutionsResponse
from .keel_agents_v1_mcp_server import KeelAgentsV1McpServer
from .keel_agents_v1_model_choice import KeelAgentsV1ModelChoice
from .keel_agents_v1_model_choice_quality import KeelAgentsV1ModelChoiceQuality
from .keel_agents_v1_model_quality import KeelAgentsV1ModelQuality
from .keel_agents_v1_organization_insight import KeelAgentsV1OrganizationInsight
from .keel_agents_v1_pending_tool_call import KeelAgentsV1PendingToolCall
from .keel_agents_v1_pending_tool_call_arguments import KeelAgentsV1PendingToolCallArguments
from .keel_agents_v1_revoke_share_link_response import KeelAgentsV1RevokeShareLinkResponse
from .keel_agents_v1_rollback_agent_response import KeelAgentsV1RollbackAgentResponse
from .keel_agents_v1_run import KeelAgentsV1Run
from .keel_agents_v1_run_metadata import KeelAgentsV1RunMetadata
from .keel_agents_v1_run_status import KeelAgentsV1RunStatus
from .keel_agents_v1_run_usage import KeelAgentsV1RunUsage
from .keel_agents_v1_share_link import KeelAgentsV1ShareLink
from .keel_agents_v1_share_link_state import KeelAgentsV1ShareLinkState
from .keel_agents_v1_shared_agent import KeelAgentsV1SharedAgent
from .keel_agents_v1_shared_run import KeelAgentsV1SharedRun
from .keel_agents_v1_start_run_response import KeelAgentsV1StartRunResponse
from .keel_agents_v1_start_shared_run_response import KeelAgentsV1StartSharedRunResponse
from .keel_agents_v1_submit_tool_outputs_response import KeelAgentsV1SubmitToolOutputsResponse
from .keel_agents_v1_template_origin import KeelAgentsV1TemplateOrigin
from .keel_agents_v1_thread import KeelAgentsV1Thread
from .keel_agents_v1_thread_message import KeelAgentsV1ThreadMessage
from .keel_agents_v1_thread_metadata import KeelAgentsV1ThreadMetadata
from .keel_agents_v1_timeline_day import KeelAgentsV1TimelineDay
from .keel_agents_v1_tool_call import KeelAgentsV1ToolCall
from .keel_agents_v1_tool_call_arguments import KeelAgentsV1ToolCallArguments
from .keel_agents_v1_tool_decision import KeelAgentsV1ToolDecision
from .keel_agents_v1_tool_execution import KeelAgentsV1ToolExecution
from .keel_agents_v1_tool_output import KeelAgentsV1ToolOutput
from .keel_agents_v1_tool_output_decision import KeelAgentsV1ToolOutputDecision
from .keel_agents_v1_tool_stats import KeelAgentsV1ToolStats
from .keel_agents_v1_trigger import KeelAgentsV1Trigger
from .keel_agents_v1_trigger_channel_type_1 import KeelAgentsV1TriggerChannelType1
from .keel_agents_v1_trigger_kind import KeelAgentsV1TriggerKind
from .keel_agents_v1_trigger_kind_enum import KeelAgentsV1TriggerKindEnum
from .keel_agents_v1_update_agent_response import KeelAgentsV1UpdateAgentResponse
from .keel_agents_v1_update_share_link_response import KeelAgentsV1UpdateShareLinkResponse
from .keel_agents_v1_visibility import KeelAgentsV1Visibility
from .keel_agents_v1_window import KeelAgentsV1Window
from .keel_billing_v1_adjust_credits_response import KeelBillingV1AdjustCreditsResponse
from .keel_billing_v1_balance import KeelBillingV1Balance
from .keel_billing_v1_bucket import KeelBillingV1Bucket
from .keel_billing_v1_bucket_kind import KeelBillingV1BucketKind
from .keel_billing_v1_capability import KeelBillingV1Capability
from .keel_billing_v1_capability_access import KeelBillingV1CapabilityAccess
from .keel_billing_v1_capability_info import KeelBillingV1CapabilityInfo
from .keel_billing_v1_check_ai_access_response import KeelBillingV1CheckAIAccessResponse
from .keel_billing_v1_child_spending import KeelBillingV1ChildSpending
from .keel_billing_v1_clear_child_spending_cap_response import (
    KeelBillingV1ClearChildSpendingCapResponse,
)
from .keel_billing_v1_create_checkout_session_response import (
    KeelBillingV1CreateCheckoutSessionResponse,
)
from .keel_billing_v1_create_portal_session_response import KeelBillingV1CreatePortalSessionResponse
from .keel_billing_v1_credit_package import KeelBillingV1CreditPackage
from .keel_billing_v1_get_ai_catalog_response import KeelBillingV1GetAICatalogResponse
from .keel_billing_v1_get_balance_response import KeelBillingV1GetBalanceResponse
from .keel_billing_v1_get_billing_status_response import KeelBillingV1GetBillingStatusResponse
from .keel_billing_v1_get_entitlements_response import KeelBillingV1GetEntitlementsResponse
from .keel_billing_v1_get_reservation_response import KeelBillingV1GetReservationResponse
from .keel_billing_v1_get_usage_dashboard_response import KeelBillingV1GetUsageDashboardResponse
from .keel_billing_v1_get_usage_response import KeelBillingV1GetUsageResponse
from .keel_billing_v1_grant_credits_response import KeelBillingV1GrantCreditsResponse
from .keel_billing_v1_handle_stripe_event_response import KeelBillingV1HandleStripeEventResponse
from .keel_billing_v1_limit_kind import KeelBillingV1LimitKind
from .keel_billing_v1_limit_usage import KeelBillingV1LimitUsage
from .keel_billing_v1_list_child_spending_response import KeelBillingV1ListChildSpendingResponse
from .keel_billing_v1_list_credit_packages_response import KeelBillingV1ListCreditPackagesResponse
from .keel_billing_v1_list_plans_response import KeelBillingV1ListPlansResponse
from .keel_billing_v1_list_transactions_response import KeelBillingV1ListTransactionsResponse
from .keel_billing_v1_model import KeelBillingV1Model
from .keel_billing_v1_money import KeelBillingV1Money
from .keel_billing_v1_plan import KeelBillingV1Plan
from .keel_billing_v1_plan_tier import KeelBillingV1PlanTier
from .keel_billing_v1_quality_level import KeelBillingV1QualityLevel
from .keel_billing_v1_quality_level_info import KeelBillingV1QualityLevelInfo
from .keel_billing_v1_release_response import KeelBillingV1ReleaseResponse
from .keel_billing_v1_reservation import KeelBillingV1Reservation
from .keel_billing_v1_reservation_metadata import KeelBillingV1ReservationMetadata
from .keel_billing_v1_reservation_status import KeelBillingV1ReservationStatus
from .keel_billing_v1_reserve_response import KeelBillingV1ReserveResponse
from .keel_billing_v1_set_child_spending_cap_response import (
    KeelBillingV1SetChildSpendingCapResponse,
)
from .keel_billing_v1_settle_response import KeelBillingV1SettleResponse
from .keel_billing_v1_subscription import KeelBillingV1Subscription
from .keel_billing_v1_subscription_status import KeelBillingV1SubscriptionStatus
from .keel_billing_v1_transaction import KeelBillingV1Transaction
from .keel_billing_v1_transaction_metadata import KeelBillingV1TransactionMetadata
from .keel_billing_v1_transaction_type import KeelBillingV1TransactionType
from .keel_billing_v1_usage_day import KeelBillingV1UsageDay
from .keel_billing_v1_usage_export_rows import KeelBillingV1UsageExportRows
from .keel_billing_v1_usage_totals import KeelBillingV1UsageTotals
from .keel_catalog_v1_approve_submission_response import KeelCatalogV1ApproveSubmissionResponse
from .keel_catalog_v1_category import KeelCatalogV1Category
from .keel_catalog_v1_channel_defaults import KeelCatalogV1ChannelDefaults
from .keel_catalog_v1_channel_defaults_channels_item import KeelCatalogV1ChannelDefaultsChannelsItem
from .keel_catalog_v1_create_submission_request import KeelCatalogV1CreateSubmissionRequest
from .keel_catalog_v1_create_submission_response import KeelCatalogV1CreateSubmissionResponse
from .keel_catalog_v1_create_template_request import KeelCatalogV1CreateTemplateRequest
from .keel_catalog_v1_create_template_request_visibility import (
    KeelCatalogV1CreateTemplateRequestVisibility,
)
from .keel_catalog_v1_create_template_response import KeelCatalogV1CreateTemplateResponse
from .keel_catalog_v1_delete_template_response import KeelCatalogV1DeleteTemplateResponse
from .keel_catalog_v1_example_message import KeelCatalogV1ExampleMessage
from .keel_catalog_v1_example_message_role import KeelCatalogV1ExampleMessageRole
from .keel_catalog_v1_facet_count import KeelCatalogV1FacetCount
from .keel_catalog_v1_facets import KeelCatalogV1Facets
from .keel_catalog_v1_fork_template_response import KeelCatalogV1ForkTemplateResponse
from .keel_catalog_v1_get_category_response import KeelCatalogV1GetCategoryResponse
from .keel_catalog_v1_get_submission_response import KeelCatalogV1GetSubmissionResponse
from .keel_catalog_v1_get_submission_stats_response import KeelCatalogV1GetSubmissionStatsResponse
from .keel_catalog_v1_get_template_response import KeelCatalogV1GetTemplateResponse
from .keel_catalog_v1_get_template_version_response import KeelCatalogV1GetTemplateVersionResponse
from .keel_catalog_v1_list_all_submissions_response import KeelCatalogV1ListAllSubmissionsResponse
from .keel_catalog_v1_list_categories_response import KeelCatalogV1ListCategoriesResponse
from .keel_catalog_v1_list_submissions_response import KeelCatalogV1ListSubmissionsResponse
from .keel_catalog_v1_list_template_versions_response import (
    KeelCatalogV1ListTemplateVersionsResponse,
)
from .keel_catalog_v1_list_templates_response import KeelCatalogV1ListTemplatesResponse
from .keel_catalog_v1_mcp_server import KeelCatalogV1McpServer
from .keel_catalog_v1_model_choice import KeelCatalogV1ModelChoice
from .keel_catalog_v1_model_choice_quality import KeelCatalogV1ModelChoiceQuality
from .keel_catalog_v1_model_quality import KeelCatalogV1ModelQuality
from .keel_catalog_v1_reject_submission_response import KeelCatalogV1RejectSubmissionResponse
from .keel_catalog_v1_submission import KeelCatalogV1Submission
from .keel_catalog_v1_submission_state import KeelCatalogV1SubmissionState
from .keel_catalog_v1_template import KeelCatalogV1Template
from .keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig
from .keel_catalog_v1_template_metadata import KeelCatalogV1TemplateMetadata
from .keel_catalog_v1_template_origin import KeelCatalogV1TemplateOrigin
from .keel_catalog_v1_template_sort import KeelCatalogV1TemplateSort
from .keel_catalog_v1_template_version import KeelCatalogV1TemplateVersion
from .keel_catalog_v1_tool import KeelCatalogV1Tool
from .keel_catalog_v1_tool_kind import KeelCatalogV1ToolKind
from .keel_catalog_v1_tool_kind_enum import KeelCatalogV1ToolKindEnum
from .keel_catalog_v1_tool_settings import KeelCatalogV1ToolSettings
from .keel_catalog_v1_trigger import KeelCatalogV1Trigger
from .keel_catalog_v1_trigger_channel_type_1 import KeelCatalogV1TriggerChannelType1
from .keel_catalog_v1_trigger_kind import KeelCatalogV1TriggerKind
from .keel_catalog_v1_trigger_kind_enum import KeelCatalogV1TriggerKindEnum
from .keel_catalog_v1_update_template_response import KeelCatalogV1UpdateTemplateResponse
from .keel_catalog_v1_usage_example import KeelCatalogV1UsageExample
from .keel_catalog_v1_visibility import KeelCatalogV1Visibility
from .keel_catalog_v1_withdraw_submission_response import KeelCatalogV1WithdrawSubmissionResponse
from .keel_identity_v1_accept_invitation_response import KeelIdentityV1AcceptInvitationResponse
from .keel_identity_v1_api_key import KeelIdentityV1ApiKey
from .keel_identity_v1_api_key_kind import KeelIdentityV1ApiKeyKind
from .keel_identity_v1_audit_event import KeelIdentityV1AuditEvent
from .keel_identity_v1_audit_event_after import KeelIdentityV1AuditEventAfter
from .keel_identity_v1_audit_event_before import KeelIdentityV1AuditEventBefore
from .keel_identity_v1_create_api_key_response import KeelIdentityV1CreateApiKeyResponse
from .keel_identity_v1_create_child_organization_response import (
    KeelIdentityV1CreateChildOrganizationResponse,
)
from .keel_identity_v1_create_invitation_response import KeelIdentityV1CreateInvitationResponse
from .keel_identity_v1_create_organization_request import KeelIdentityV1CreateOrganizationRequest
from .keel_identity_v1_create_organization_request_settings import (
    KeelIdentityV1CreateOrganizationRequestSettings,
)
from .keel_identity_v1_create_organization_response import KeelIdentityV1CreateOrganizationResponse
from .keel_identity_v1_delete_api_key_response import KeelIdentityV1DeleteApiKeyResponse
from .keel_identity_v1_delete_organization_response import KeelIdentityV1DeleteOrganizationResponse
from .keel_identity_v1_get_context_response import KeelIdentityV1GetContextResponse
from .keel_identity_v1_get_invitation_response import KeelIdentityV1GetInvitationResponse
from .keel_identity_v1_get_jwks_response import KeelIdentityV1GetJwksResponse
from .keel_identity_v1_get_organization_response import KeelIdentityV1GetOrganizationResponse
from .keel_identity_v1_get_platform_overview_response import (
    KeelIdentityV1GetPlatformOverviewResponse,
)
from .keel_identity_v1_invitation import KeelIdentityV1Invitation
from .keel_identity_v1_invitation_status import KeelIdentityV1InvitationStatus
from .keel_identity_v1_jwk import KeelIdentityV1Jwk
from .keel_identity_v1_list_api_keys_response import KeelIdentityV1ListApiKeysResponse
from .keel_identity_v1_list_audit_events_response import KeelIdentityV1ListAuditEventsResponse
from .keel_identity_v1_list_child_organizations_response import (
    KeelIdentityV1ListChildOrganizationsResponse,
)
from .keel_identity_v1_list_invitations_response import KeelIdentityV1ListInvitationsResponse
from .keel_identity_v1_list_members_response import KeelIdentityV1ListMembersResponse
from .keel_identity_v1_list_organizations_response import KeelIdentityV1ListOrganizationsResponse
from .keel_identity_v1_list_platform_organizations_response import (
    KeelIdentityV1ListPlatformOrganizationsResponse,
)
from .keel_identity_v1_list_platform_users_response import KeelIdentityV1ListPlatformUsersResponse
from .keel_identity_v1_login_request import KeelIdentityV1LoginRequest
from .keel_identity_v1_login_response import KeelIdentityV1LoginResponse
from .keel_identity_v1_logout_request import KeelIdentityV1LogoutRequest
from .keel_identity_v1_logout_response import KeelIdentityV1LogoutResponse
from .keel_identity_v1_member import KeelIdentityV1Member
from .keel_identity_v1_organization import KeelIdentityV1Organization
from .keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess
from .keel_identity_v1_organization_settings import KeelIdentityV1OrganizationSettings
from .keel_identity_v1_platform_organization import KeelIdentityV1PlatformOrganization
from .keel_identity_v1_platform_user import KeelIdentityV1PlatformUser
from .keel_identity_v1_refresh_request import KeelIdentityV1RefreshRequest
from .keel_identity_v1_refresh_response import KeelIdentityV1RefreshResponse
from .keel_identity_v1_remove_member_response import KeelIdentityV1RemoveMemberResponse
from .keel_identity_v1_resend_verification_email_request import (
    KeelIdentityV1ResendVerificationEmailRequest,
)
from .keel_identity_v1_resend_verification_email_response import (
    KeelIdentityV1ResendVerificationEmailResponse,
)
from .keel_identity_v1_revoke_api_key_response import KeelIdentityV1RevokeApiKeyResponse
from .keel_identity_v1_revoke_invitation_response import KeelIdentityV1RevokeInvitationResponse
from .keel_identity_v1_role import KeelIdentityV1Role
from .keel_identity_v1_set_organization_plan_tier_response import (
    KeelIdentityV1SetOrganizationPlanTierResponse,
)
from .keel_identity_v1_signup_request import KeelIdentityV1SignupRequest
from .keel_identity_v1_signup_response import KeelIdentityV1SignupResponse
from .keel_identity_v1_suspend_user_response import KeelIdentityV1SuspendUserResponse
from .keel_identity_v1_switch_context_request import KeelIdentityV1SwitchContextRequest
from .keel_identity_v1_switch_context_response import KeelIdentityV1SwitchContextResponse
from .keel_identity_v1_tokens import KeelIdentityV1Tokens
from .keel_identity_v1_unsuspend_user_response import KeelIdentityV1UnsuspendUserResponse
from .keel_identity_v1_update_member_response import KeelIdentityV1UpdateMemberResponse
from .keel_identity_v1_update_organization_response import KeelIdentityV1UpdateOrganizationResponse
from .keel_identity_v1_user import KeelIdentityV1User
from .keel_identity_v1_verify_email_request import KeelIdentityV1VerifyEmailRequest
from .keel_identity_v1_verify_email_response import KeelIdentityV1VerifyEmailResponse
from .organization_service_create_child_organization_body import (
    OrganizationServiceCreateChildOrganizationBody,
)
from .organization_service_create_child_organization_body_settings import (
    OrganizationServiceCreateChildOrganizationBodySettings,
)
from .organization_service_update_member_body import OrganizationServiceUpdateMemberBody
from .organization_service_update_member_body_role import OrganizationServiceUpdateMemberBodyRole
from .organization_service_update_organization_body import OrganizationServiceUpdateOrganizationBody
from .organization_service_update_organization_body_settings import (
    OrganizationServiceUpdateOrganizationBodySettings,
)
from .plan_service_check_ai_access_body import PlanServiceCheckAiAccessBody
from .plan_service_check_ai_access_body_capability import PlanServiceCheckAiAccessBodyCapability
from .plan_service_check_ai_access_body_quality import PlanServiceCheckAiAccessBodyQuality
from .run_service_cancel_run_body import RunServiceCancelRunBody
from .run_service_start_run_body import RunServiceStartRunBody
from .run_service_start_run_body_busy_thread import RunServiceStartRunBodyBusyThread
from .run_service_start_run_body_metadata import RunServiceStartRunBodyMetadata
from .run_service_submit_tool_outputs_body import RunServiceSubmitToolOutputsBody
from .share_link_service_create_share_link_body import ShareLinkServiceCreateShareLinkBody
from .share_link_service_revoke_share_link_body import ShareLinkServiceRevokeShareLinkBody
from .share_link_service_update_share_link_body import ShareLinkServiceUpdateShareLinkBody
from .shared_agent_service_start_shared_run_body import SharedAgentServiceStartSharedRunBody
from .submission_review_service_approve_submission_body import (
    SubmissionReviewServiceApproveSubmissionBody,
)
from .submission_review_service_list_all_submissions_state import (
    SubmissionReviewServiceListAllSubmissionsState,
)
from .submission_review_service_reject_submission_body import (
    SubmissionReviewServiceRejectSubmissionBody,
)
from .submission_service_list_submissions_state import SubmissionServiceListSubmissionsState
from .template_service_fork_template_body import TemplateServiceForkTemplateBody
from .template_service_fork_template_body_visibility import (
    TemplateServiceForkTemplateBodyVisibility,
)
from .template_service_list_templates_sort import TemplateServiceListTemplatesSort
from .template_service_update_template_body import TemplateServiceUpdateTemplateBody
from .template_service_update_template_body_visibility import (
    TemplateServiceUpdateTemplateBodyVisibility,
)
from .usage_service_export_usage_rows import UsageServiceExportUsageRows

__all__ = (
    "AdminServiceSetOrganizationPlanTierBody",
    "AdminServiceSuspendUserBody",
    "AdminServiceUnsuspendUserBody",
    "AgentServiceCreateAgentFromTemplateBody",
    "AgentServiceCreateAgentFromTemplateBodyVisibility",
    "AgentServiceListAgentsVisibility",
    "AgentServiceRollbackAgentBody",
    "AgentServiceUpdateAgentBody",
    "AgentServiceUpdateAgentBodyVisibility",
    "AnalyticsServiceExportRunLogsFormat",
    "AnalyticsServiceExportRunLogsWindowDaysType1",
    "AnalyticsServiceGetAgentAnalyticsWindowDaysType1",
    "AnalyticsServiceGetAgentStatsWindowDaysType1",
    "AnalyticsServiceGetAgentTimelineWindowDaysType1",
    "AnalyticsServiceListAgentToolsWindowDaysType1",
    "AnalyticsServiceListToolExecutionsWindowDaysType1",
    "ApiKeyServiceCreateApiKeyBody",
    "ApiKeyServiceCreateApiKeyBodyKind",
    "ApiKeyServiceCreateApiKeyBodyScopesItem",
    "ApiKeyServiceRevokeApiKeyBody",
    "BillingServiceCreateCheckoutSessionBody",
    "BillingServiceCreateCheckoutSessionBodyPlan",
    "BillingServiceCreatePortalSessionBody",
    "CreditServiceAdjustCreditsBody",
    "CreditServiceGrantCreditsBody",
    "CreditServiceGrantCreditsBodyBucket",
    "CreditServiceListTransactionsTypesItem",
    "CreditServiceReleaseBody",
    "CreditServiceReserveBody",
    "CreditServiceReserveBodyMetadata",
    "CreditServiceSetChildSpendingCapBody",
    "CreditServiceSettleBody",
    "GoogleRpcStatus",
    "GoogleRpcStatusDetailsItem",
    "GoogleTypeDate",
    "InvitationServiceAcceptInvitationBody",
    "InvitationServiceCreateInvitationBody",
    "InvitationServiceCreateInvitationBodyRole",
    "InvitationServiceListInvitationsStatus",
    "KeelAgentsV1Agent",
    "KeelAgentsV1AgentConfig",
    "KeelAgentsV1AgentInsight",
    "KeelAgentsV1AgentStats",
    "KeelAgentsV1AgentVersion",
    "KeelAgentsV1BuiltinTool",
    "KeelAgentsV1BuiltinToolSettings",
    "KeelAgentsV1BusyThreadPolicy",
    "KeelAgentsV1CancelRunResponse",
    "KeelAgentsV1ChannelDefaults",
    "KeelAgentsV1ChannelDefaultsChannelsItem",
    "KeelAgentsV1CreateAgentFromTemplateResponse",
    "KeelAgentsV1CreateAgentRequest",
    "KeelAgentsV1CreateAgentRequestVisibility",
    "KeelAgentsV1CreateAgentResponse",
    "KeelAgentsV1CreateShareLinkResponse",
    "KeelAgentsV1CreateThreadRequest",
    "KeelAgentsV1CreateThreadRequestMetadata",
    "KeelAgentsV1CreateThreadResponse",
    "KeelAgentsV1DeleteAgentResponse",
    "KeelAgentsV1DeleteShareLinkResponse",
    "KeelAgentsV1ExportFormat",
    "KeelAgentsV1GenerationSettings",
    "KeelAgentsV1GetAgentAnalyticsResponse",
    "KeelAgentsV1GetAgentResponse",
    "KeelAgentsV1GetAgentStatsResponse",
    "KeelAgentsV1GetAgentTimelineResponse",
    "KeelAgentsV1GetAgentVersionResponse",
    "KeelAgentsV1GetRunResponse",
    "KeelAgentsV1GetSharedAgentResponse",
    "KeelAgentsV1GetSharedRunResponse",
    "KeelAgentsV1GetThreadResponse",
    "KeelAgentsV1ListAgentsResponse",
    "KeelAgentsV1ListAgentToolsResponse",
    "KeelAgentsV1ListAgentVersionsResponse",
    "KeelAgentsV1ListRunsResponse",
    "KeelAgentsV1ListShareLinksResponse",
    "KeelAgentsV1ListThreadMessagesResponse",
    "KeelAgentsV1ListThreadsResponse",
    "KeelAgentsV1ListToolExecutionsResponse",
    "KeelAgentsV1McpServer",
    "KeelAgentsV1ModelChoice",
    "KeelAgentsV1ModelChoiceQuality",
    "KeelAgentsV1ModelQuality",
    "KeelAgentsV1OrganizationInsight",
    "KeelAgentsV1PendingToolCall",
    "KeelAgentsV1PendingToolCallArguments",
    "KeelAgentsV1RevokeShareLinkResponse",
    "KeelAgentsV1RollbackAgentResponse",
    "KeelAgentsV1Run",
    "KeelAgentsV1RunMetadata",
    "KeelAgentsV1RunStatus",
    "KeelAgentsV1RunUsage",
    "KeelAgentsV1SharedAgent",
    "KeelAgentsV1SharedRun",
    "KeelAgentsV1ShareLink",
    "KeelAgentsV1ShareLinkState",
    "KeelAgentsV1StartRunResponse",
    "KeelAgentsV1StartSharedRunResponse",
    "KeelAgentsV1SubmitToolOutputsResponse",
    "KeelAgentsV1TemplateOrigin",
    "KeelAgentsV1Thread",
    "KeelAgentsV1ThreadMessage",
    "KeelAgentsV1ThreadMetadata",
    "KeelAgentsV1TimelineDay",
    "KeelAgentsV1ToolCall",
    "KeelAgentsV1ToolCallArguments",
    "KeelAgentsV1ToolDecision",
    "KeelAgentsV1ToolExecution",
    "KeelAgentsV1ToolOutput",
    "KeelAgentsV1ToolOutputDecision",
    "KeelAgentsV1ToolStats",
    "KeelAgentsV1Trigger",
    "KeelAgentsV1TriggerChannelType1",
    "KeelAgentsV1TriggerKind",
    "KeelAgentsV1TriggerKindEnum",
    "KeelAgentsV1UpdateAgentResponse",
    "KeelAgentsV1UpdateShareLinkResponse",
    "KeelAgentsV1Visibility",
    "KeelAgentsV1Window",
    "KeelBillingV1AdjustCreditsResponse",
    "KeelBillingV1Balance",
    "KeelBillingV1Bucket",
    "KeelBillingV1BucketKind",
    "KeelBillingV1Capability",
    "KeelBillingV1CapabilityAccess",
    "KeelBillingV1CapabilityInfo",
    "KeelBillingV1CheckAIAccessResponse",
    "KeelBillingV1ChildSpending",
    "KeelBillingV1ClearChildSpendingCapResponse",
    "KeelBillingV1CreateCheckoutSessionResponse",
    "KeelBillingV1CreatePortalSessionResponse",
    "KeelBillingV1CreditPackage",
    "KeelBillingV1GetAICatalogResponse",
    "KeelBillingV1GetBalanceResponse",
    "KeelBillingV1GetBillingStatusResponse",
    "KeelBillingV1GetEntitlementsResponse",
    "KeelBillingV1GetReservationResponse",
    "KeelBillingV1GetUsageDashboardResponse",
    "KeelBillingV1GetUsageResponse",
    "KeelBillingV1GrantCreditsResponse",
    "KeelBillingV1HandleStripeEventResponse",
    "KeelBillingV1LimitKind",
    "KeelBillingV1LimitUsage",
    "KeelBillingV1ListChildSpendingResponse",
    "KeelBillingV1ListCreditPackagesResponse",
    "KeelBillingV1ListPlansResponse",
    "KeelBillingV1ListTransactionsResponse",
    "KeelBillingV1Model",
    "KeelBillingV1Money",
    "KeelBillingV1Plan",
    "KeelBillingV1PlanTier",
    "KeelBillingV1QualityLevel",
    "KeelBillingV1QualityLevelInfo",
    "KeelBillingV1ReleaseResponse",
    "KeelBillingV1Reservation",
    "KeelBillingV1ReservationMetadata",
    "KeelBillingV1ReservationStatus",
    "KeelBillingV1ReserveResponse",
    "KeelBillingV1SetChildSpendingCapResponse",
    "KeelBillingV1SettleResponse",
    "KeelBillingV1Subscription",
    "KeelBillingV1SubscriptionStatus",
    "KeelBillingV1Transaction",
    "KeelBillingV1TransactionMetadata",
    "KeelBillingV1TransactionType",
    "KeelBillingV1UsageDay",
    "KeelBillingV1UsageExportRows",
    "KeelBillingV1UsageTotals",
    "KeelCatalogV1ApproveSubmissionResponse",
    "KeelCatalogV1Category",
    "KeelCatalogV1ChannelDefaults",
    "KeelCatalogV1ChannelDefaultsChannelsItem",
    "KeelCatalogV1CreateSubmissionRequest",
    "KeelCatalogV1CreateSubmissionResponse",
    "KeelCatalogV1CreateTemplateRequest",
    "KeelCatalogV1CreateTemplateRequestVisibility",
    "KeelCatalogV1CreateTemplateResponse",
    "KeelCatalogV1DeleteTemplateResponse",
    "KeelCatalogV1ExampleMessage",
    "KeelCatalogV1ExampleMessageRole",
    "KeelCatalogV1FacetCount",
    "KeelCatalogV1Facets",
    "KeelCatalogV1ForkTemplateResponse",
    "KeelCatalogV1GetCategoryResponse",
    "KeelCatalogV1GetSubmissionResponse",
    "KeelCatalogV1GetSubmissionStatsResponse",
    "KeelCatalogV1GetTemplateResponse",
    "KeelCatalogV1GetTemplateVersionResponse",
    "KeelCatalogV1ListAllSubmissionsResponse",
    "KeelCatalogV1ListCategoriesResponse",
    "KeelCatalogV1ListSubmissionsResponse",
    "KeelCatalogV1ListTemplatesResponse",
    "KeelCatalogV1ListTemplateVersionsResponse",
    "KeelCatalogV1McpServer",
    "KeelCatalogV1ModelChoice",
    "KeelCatalogV1ModelChoiceQuality",
    "KeelCatalogV1ModelQuality",
    "KeelCatalogV1RejectSubmissionResponse",
    "KeelCatalogV1Submission",
    "KeelCatalogV1SubmissionState",
    "KeelCatalogV1Template",
    "KeelCatalogV1TemplateConfig",
    "KeelCatalogV1TemplateMetadata",
    "KeelCatalogV1TemplateOrigin",
    "KeelCatalogV1TemplateSort",
    "KeelCatalogV1TemplateVersion",
    "KeelCatalogV1Tool",
    "KeelCatalogV1ToolKind",
    "KeelCatalogV1ToolKindEnum",
    "KeelCatalogV1ToolSettings",
    "KeelCatalogV1Trigger",
    "KeelCatalogV1TriggerChannelType1",
    "KeelCatalogV1TriggerKind",
    "KeelCatalogV1TriggerKindEnum",
    "KeelCatalogV1UpdateTemplateResponse",
    "KeelCatalogV1UsageExample",
    "KeelCatalogV1Visibility",
    "KeelCatalogV1WithdrawSubmissionResponse",
    "KeelIdentityV1AcceptInvitationResponse",
    "KeelIdentityV1ApiKey",
    "KeelIdentityV1ApiKeyKind",
    "KeelIdentityV1AuditEvent",
    "KeelIdentityV1AuditEventAfter",
    "KeelIdentityV1AuditEventBefore",
    "KeelIdentityV1CreateApiKeyResponse",
    "KeelIdentityV1CreateChildOrganizationResponse",
    "KeelIdentityV1CreateInvitationResponse",
    "KeelIdentityV1CreateOrganizationRequest",
    "KeelIdentityV1CreateOrganizationRequestSettings",
    "KeelIdentityV1CreateOrganizationResponse",
    "KeelIdentityV1DeleteApiKeyResponse",
    "KeelIdentityV1DeleteOrganizationResponse",
    "KeelIdentityV1GetContextResponse",
    "KeelIdentityV1GetInvitationResponse",
    "KeelIdentityV1GetJwksResponse",
    "KeelIdentityV1GetOrganizationResponse",
    "KeelIdentityV1GetPlatformOverviewResponse",
    "KeelIdentityV1Invitation",
    "KeelIdentityV1InvitationStatus",
    "KeelIdentityV1Jwk",
    "KeelIdentityV1ListApiKeysResponse",
    "KeelIdentityV1ListAuditEventsResponse",
    "KeelIdentityV1ListChildOrganizationsResponse",
    "KeelIdentityV1ListInvitationsResponse",
    "KeelIdentityV1ListMembersResponse",
    "KeelIdentityV1ListOrganizationsResponse",
    "KeelIdentityV1ListPlatformOrganizationsResponse",
    "KeelIdentityV1ListPlatformUsersResponse",
    "KeelIdentityV1LoginRequest",
    "KeelIdentityV1LoginResponse",
    "KeelIdentityV1LogoutRequest",
    "KeelIdentityV1LogoutResponse",
    "KeelIdentityV1Member",
    "KeelIdentityV1Organization",
    "KeelIdentityV1OrganizationAccess",
    "KeelIdentityV1OrganizationSettings",
    "KeelIdentityV1PlatformOrganization",
    "KeelIdentityV1PlatformUser",
    "KeelIdentityV1RefreshRequest",
    "KeelIdentityV1RefreshResponse",
    "KeelIdentityV1RemoveMemberResponse",
    "KeelIdentityV1ResendVerificationEmailRequest",
    "KeelIdentityV1ResendVerificationEmailResponse",
    "KeelIdentityV1RevokeApiKeyResponse",
    "KeelIdentityV1RevokeInvitationResponse",
    "KeelIdentityV1Role",
    "KeelIdentityV1SetOrganizationPlanTierResponse",
    "KeelIdentityV1SignupRequest",
    "KeelIdentityV1SignupResponse",
    "KeelIdentityV1SuspendUserResponse",
    "KeelIdentityV1SwitchContextRequest",
    "KeelIdentityV1SwitchContextResponse",
    "KeelIdentityV1Tokens",
    "KeelIdentityV1UnsuspendUserResponse",
    "KeelIdentityV1UpdateMemberResponse",
    "KeelIdentityV1UpdateOrganizationResponse",
    "KeelIdentityV1User",
    "KeelIdentityV1VerifyEmailRequest",
    "KeelIdentityV1VerifyEmailResponse",
    "OrganizationServiceCreateChildOrganizationBody",
    "OrganizationServiceCreateChildOrganizationBodySettings",
    "OrganizationServiceUpdateMemberBody",
    "OrganizationServiceUpdateMemberBodyRole",
    "OrganizationServiceUpdateOrganizationBody",
    "OrganizationServiceUpdateOrganizationBodySettings",
    "PlanServiceCheckAiAccessBody",
    "PlanServiceCheckAiAccessBodyCapability",
    "PlanServiceCheckAiAccessBodyQuality",
    "RunServiceCancelRunBody",
    "RunServiceStartRunBody",
    "RunServiceStartRunBodyBusyThread",
    "RunServiceStartRunBodyMetadata",
    "RunServiceSubmitToolOutputsBody",
    "SharedAgentServiceStartSharedRunBody",
    "ShareLinkServiceCreateShareLinkBody",
    "ShareLinkServiceRevokeShareLinkBody",
    "ShareLinkServiceUpdateShareLinkBody",
    "SubmissionReviewServiceApproveSubmissionBody",
    "SubmissionReviewServiceListAllSubmissionsState",
    "SubmissionReviewServiceRejectSubmissionBody",
    "SubmissionServiceListSubmissionsState",
    "TemplateServiceForkTemplateBody",
    "TemplateServiceForkTemplateBodyVisibility",
    "TemplateServiceListTemplatesSort",
    "TemplateServiceUpdateTemplateBody",
    "TemplateServiceUpdateTemplateBodyVisibility",
    "UsageServiceExportUsageRows",
)
