"""Contains all the data models used in inputs/outputs"""

from .account_balance import AccountBalance
from .account_out import AccountOut
from .account_out_kind import AccountOutKind
from .allocation_create import AllocationCreate
from .allocation_extend import AllocationExtend
from .allocation_list import AllocationList
from .allocation_out import AllocationOut
from .allocation_out_status import AllocationOutStatus
from .api_key_created import ApiKeyCreated
from .api_key_in import ApiKeyIn
from .api_key_in_scopes_item import ApiKeyInScopesItem
from .api_key_list import ApiKeyList
from .api_key_out import ApiKeyOut
from .attempt_out import AttemptOut
from .ballot_application_in import BallotApplicationIn
from .ballot_application_in_currency import BallotApplicationInCurrency
from .ballot_application_in_locale import BallotApplicationInLocale
from .ballot_application_out import BallotApplicationOut
from .ballot_application_out_status import BallotApplicationOutStatus
from .ballot_application_row import BallotApplicationRow
from .ballot_application_row_status import BallotApplicationRowStatus
from .ballot_out import BallotOut
from .ballot_out_status import BallotOutStatus
from .booking_create import BookingCreate
from .booking_create_currency import BookingCreateCurrency
from .booking_create_locale import BookingCreateLocale
from .booking_out import BookingOut
from .booking_out_company_type_0 import BookingOutCompanyType0
from .booking_out_confirmation_type_0 import BookingOutConfirmationType0
from .booking_out_kind import BookingOutKind
from .booking_out_payload_type_0 import BookingOutPayloadType0
from .booking_status_in import BookingStatusIn
from .booking_status_out import BookingStatusOut
from .business_event_in import BusinessEventIn
from .business_event_in_event import BusinessEventInEvent
from .business_in import BusinessIn
from .cancel_in import CancelIn
from .cancellation_preview_out import CancellationPreviewOut
from .checklist import Checklist
from .checkout_in import CheckoutIn
from .checkout_in_locale import CheckoutInLocale
from .checkout_out import CheckoutOut
from .company import Company
from .company_out import CompanyOut
from .company_out_totals import CompanyOutTotals
from .confirmation_in import ConfirmationIn
from .confirmation_in_locale import ConfirmationInLocale
from .contact import Contact
from .currency_totals import CurrencyTotals
from .daily_total import DailyTotal
from .daily_totals_out import DailyTotalsOut
from .delivery_out import DeliveryOut
from .delivery_status import DeliveryStatus
from .dispute_out import DisputeOut
from .draw_entry import DrawEntry
from .draw_entry_status import DrawEntryStatus
from .draw_out import DrawOut
from .email_out import EmailOut
from .email_status import EmailStatus
from .endpoint_in import EndpointIn
from .endpoint_in_contact_locale import EndpointInContactLocale
from .endpoint_out import EndpointOut
from .endpoint_patch import EndpointPatch
from .endpoint_patch_contact_locale_type_0 import EndpointPatchContactLocaleType0
from .endpoint_patch_status_type_0 import EndpointPatchStatusType0
from .endpoint_status import EndpointStatus
from .endpoint_with_secret import EndpointWithSecret
from .envelope import Envelope
from .event_accepted import EventAccepted
from .event_in import EventIn
from .event_in_data import EventInData
from .event_type import EventType
from .failed_message import FailedMessage
from .failed_message_page import FailedMessagePage
from .failed_message_payload import FailedMessagePayload
from .finance_refund_in import FinanceRefundIn
from .history_item import HistoryItem
from .history_out import HistoryOut
from .invoice_create import InvoiceCreate
from .invoice_out import InvoiceOut
from .invoice_out_status import InvoiceOutStatus
from .invoice_void_in import InvoiceVoidIn
from .invoice_void_out import InvoiceVoidOut
from .invoice_void_out_outcome import InvoiceVoidOutOutcome
from .ledger_balances_out import LedgerBalancesOut
from .ledger_entry_out import LedgerEntryOut
from .line_in import LineIn
from .line_out import LineOut
from .list_attempts_order import ListAttemptsOrder
from .list_deliveries_order import ListDeliveriesOrder
from .list_entries_status_type_0 import ListEntriesStatusType0
from .list_invoices_status_type_0 import ListInvoicesStatusType0
from .list_missions_status_type_0 import ListMissionsStatusType0
from .list_offerings_audience_type_0 import ListOfferingsAudienceType0
from .list_offerings_kind_type_0 import ListOfferingsKindType0
from .login_in import LoginIn
from .logout_in import LogoutIn
from .me_out import MeOut
from .milestone_event_in import MilestoneEventIn
from .milestone_event_in_currency_type_0 import MilestoneEventInCurrencyType0
from .milestone_event_in_event import MilestoneEventInEvent
from .milestone_out import MilestoneOut
from .mission_availability import MissionAvailability
from .mission_availability_status import MissionAvailabilityStatus
from .mission_create import MissionCreate
from .mission_event_out import MissionEventOut
from .mission_event_out_previous_status_type_0 import MissionEventOutPreviousStatusType0
from .mission_event_out_status import MissionEventOutStatus
from .mission_event_page import MissionEventPage
from .mission_out import MissionOut
from .mission_out_status import MissionOutStatus
from .mission_patch import MissionPatch
from .mission_status_change import MissionStatusChange
from .mission_status_change_status import MissionStatusChangeStatus
from .offering_availability import OfferingAvailability
from .offering_create import OfferingCreate
from .offering_create_audience import OfferingCreateAudience
from .offering_create_kind import OfferingCreateKind
from .offering_create_prices import OfferingCreatePrices
from .offering_create_sale_mode import OfferingCreateSaleMode
from .offering_create_tax_category import OfferingCreateTaxCategory
from .offering_create_unit import OfferingCreateUnit
from .offering_for_sale_out import OfferingForSaleOut
from .offering_for_sale_out_audience import OfferingForSaleOutAudience
from .offering_for_sale_out_kind import OfferingForSaleOutKind
from .offering_for_sale_out_prices import OfferingForSaleOutPrices
from .offering_for_sale_out_sale_mode import OfferingForSaleOutSaleMode
from .offering_for_sale_out_tax_category import OfferingForSaleOutTaxCategory
from .offering_for_sale_out_unit import OfferingForSaleOutUnit
from .offering_mission import OfferingMission
from .offering_out import OfferingOut
from .offering_out_audience import OfferingOutAudience
from .offering_out_kind import OfferingOutKind
from .offering_out_prices import OfferingOutPrices
from .offering_out_sale_mode import OfferingOutSaleMode
from .offering_out_tax_category import OfferingOutTaxCategory
from .offering_out_unit import OfferingOutUnit
from .offering_patch import OfferingPatch
from .offering_patch_audience_type_0 import OfferingPatchAudienceType0
from .offering_patch_kind_type_0 import OfferingPatchKindType0
from .offering_patch_prices_type_0 import OfferingPatchPricesType0
from .offering_patch_sale_mode_type_0 import OfferingPatchSaleModeType0
from .offering_patch_tax_category_type_0 import OfferingPatchTaxCategoryType0
from .offering_patch_unit_type_0 import OfferingPatchUnitType0
from .page_attempt_out import PageAttemptOut
from .page_ballot_application_row import PageBallotApplicationRow
from .page_booking_out import PageBookingOut
from .page_company_out import PageCompanyOut
from .page_delivery_out import PageDeliveryOut
from .page_dispute_out import PageDisputeOut
from .page_email_out import PageEmailOut
from .page_endpoint_out import PageEndpointOut
from .page_invoice_out import PageInvoiceOut
from .page_ledger_entry_out import PageLedgerEntryOut
from .page_mission_out import PageMissionOut
from .page_offering_out import PageOfferingOut
from .page_payment_out import PagePaymentOut
from .page_payout_out import PagePayoutOut
from .page_refund_out import PageRefundOut
from .page_stripe_event_out import PageStripeEventOut
from .page_waitlist_entry_row import PageWaitlistEntryRow
from .partner_in import PartnerIn
from .partner_list import PartnerList
from .partner_out import PartnerOut
from .payload_interface import PayloadInterface
from .payment_detail_out import PaymentDetailOut
from .payment_failed_in import PaymentFailedIn
from .payment_out import PaymentOut
from .payment_succeeded_in import PaymentSucceededIn
from .payment_succeeded_in_currency import PaymentSucceededInCurrency
from .payments_company import PaymentsCompany
from .payout_out import PayoutOut
from .payout_reconciliation_response_payout_reconciliation_v1_finance_reconciliation_payouts_payout_id_get import (
    PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet,
)
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .reconciliation_response_reconciliation_v1_finance_reconciliation_get import (
    ReconciliationResponseReconciliationV1FinanceReconciliationGet,
)
from .redeliver_failed_in import RedeliverFailedIn
from .redelivered import Redelivered
from .refresh_in import RefreshIn
from .refund_completed_in import RefundCompletedIn
from .refund_completed_in_currency import RefundCompletedInCurrency
from .refund_failed_in import RefundFailedIn
from .refund_failed_in_currency import RefundFailedInCurrency
from .refund_out import RefundOut
from .refund_target_in import RefundTargetIn
from .refund_target_out import RefundTargetOut
from .review_in import ReviewIn
from .review_in_decision import ReviewInDecision
from .roll_secret_in import RollSecretIn
from .schedule_item import ScheduleItem
from .schedule_item_due_event_type_0 import ScheduleItemDueEventType0
from .signup_in import SignupIn
from .staff_in import StaffIn
from .staff_in_roles_item import StaffInRolesItem
from .staff_list import StaffList
from .staff_patch import StaffPatch
from .staff_patch_roles_type_0_item import StaffPatchRolesType0Item
from .staff_patch_status_type_0 import StaffPatchStatusType0
from .status import Status
from .stripe_event_out import StripeEventOut
from .sync_result import SyncResult
from .tax_rate_in import TaxRateIn
from .tax_rate_in_category import TaxRateInCategory
from .tax_rate_list import TaxRateList
from .tax_rate_out import TaxRateOut
from .tax_rate_out_category import TaxRateOutCategory
from .tax_row_out import TaxRowOut
from .tokens_out import TokensOut
from .waitlist_entry_out import WaitlistEntryOut
from .waitlist_entry_out_status import WaitlistEntryOutStatus
from .waitlist_entry_row import WaitlistEntryRow
from .waitlist_entry_row_status import WaitlistEntryRowStatus
from .waitlist_join_in import WaitlistJoinIn
from .waitlist_join_in_currency import WaitlistJoinInCurrency
from .waitlist_join_in_locale import WaitlistJoinInLocale
from .waitlist_out import WaitlistOut
from .webhook_ack import WebhookAck

__all__ = (
    "AccountBalance",
    "AccountOut",
    "AccountOutKind",
    "AllocationCreate",
    "AllocationExtend",
    "AllocationList",
    "AllocationOut",
    "AllocationOutStatus",
    "ApiKeyCreated",
    "ApiKeyIn",
    "ApiKeyInScopesItem",
    "ApiKeyList",
    "ApiKeyOut",
    "AttemptOut",
    "BallotApplicationIn",
    "BallotApplicationInCurrency",
    "BallotApplicationInLocale",
    "BallotApplicationOut",
    "BallotApplicationOutStatus",
    "BallotApplicationRow",
    "BallotApplicationRowStatus",
    "BallotOut",
    "BallotOutStatus",
    "BookingCreate",
    "BookingCreateCurrency",
    "BookingCreateLocale",
    "BookingOut",
    "BookingOutCompanyType0",
    "BookingOutConfirmationType0",
    "BookingOutKind",
    "BookingOutPayloadType0",
    "BookingStatusIn",
    "BookingStatusOut",
    "BusinessEventIn",
    "BusinessEventInEvent",
    "BusinessIn",
    "CancelIn",
    "CancellationPreviewOut",
    "Checklist",
    "CheckoutIn",
    "CheckoutInLocale",
    "CheckoutOut",
    "Company",
    "CompanyOut",
    "CompanyOutTotals",
    "ConfirmationIn",
    "ConfirmationInLocale",
    "Contact",
    "CurrencyTotals",
    "DailyTotal",
    "DailyTotalsOut",
    "DeliveryOut",
    "DeliveryStatus",
    "DisputeOut",
    "DrawEntry",
    "DrawEntryStatus",
    "DrawOut",
    "EmailOut",
    "EmailStatus",
    "EndpointIn",
    "EndpointInContactLocale",
    "EndpointOut",
    "EndpointPatch",
    "EndpointPatchContactLocaleType0",
    "EndpointPatchStatusType0",
    "EndpointStatus",
    "EndpointWithSecret",
    "Envelope",
    "EventAccepted",
    "EventIn",
    "EventInData",
    "EventType",
    "FailedMessage",
    "FailedMessagePage",
    "FailedMessagePayload",
    "FinanceRefundIn",
    "HistoryItem",
    "HistoryOut",
    "InvoiceCreate",
    "InvoiceOut",
    "InvoiceOutStatus",
    "InvoiceVoidIn",
    "InvoiceVoidOut",
    "InvoiceVoidOutOutcome",
    "LedgerBalancesOut",
    "LedgerEntryOut",
    "LineIn",
    "LineOut",
    "ListAttemptsOrder",
    "ListDeliveriesOrder",
    "ListEntriesStatusType0",
    "ListInvoicesStatusType0",
    "ListMissionsStatusType0",
    "ListOfferingsAudienceType0",
    "ListOfferingsKindType0",
    "LoginIn",
    "LogoutIn",
    "MeOut",
    "MilestoneEventIn",
    "MilestoneEventInCurrencyType0",
    "MilestoneEventInEvent",
    "MilestoneOut",
    "MissionAvailability",
    "MissionAvailabilityStatus",
    "MissionCreate",
    "MissionEventOut",
    "MissionEventOutPreviousStatusType0",
    "MissionEventOutStatus",
    "MissionEventPage",
    "MissionOut",
    "MissionOutStatus",
    "MissionPatch",
    "MissionStatusChange",
    "MissionStatusChangeStatus",
    "OfferingAvailability",
    "OfferingCreate",
    "OfferingCreateAudience",
    "OfferingCreateKind",
    "OfferingCreatePrices",
    "OfferingCreateSaleMode",
    "OfferingCreateTaxCategory",
    "OfferingCreateUnit",
    "OfferingForSaleOut",
    "OfferingForSaleOutAudience",
    "OfferingForSaleOutKind",
    "OfferingForSaleOutPrices",
    "OfferingForSaleOutSaleMode",
    "OfferingForSaleOutTaxCategory",
    "OfferingForSaleOutUnit",
    "OfferingMission",
    "OfferingOut",
    "OfferingOutAudience",
    "OfferingOutKind",
    "OfferingOutPrices",
    "OfferingOutSaleMode",
    "OfferingOutTaxCategory",
    "OfferingOutUnit",
    "OfferingPatch",
    "OfferingPatchAudienceType0",
    "OfferingPatchKindType0",
    "OfferingPatchPricesType0",
    "OfferingPatchSaleModeType0",
    "OfferingPatchTaxCategoryType0",
    "OfferingPatchUnitType0",
    "PageAttemptOut",
    "PageBallotApplicationRow",
    "PageBookingOut",
    "PageCompanyOut",
    "PageDeliveryOut",
    "PageDisputeOut",
    "PageEmailOut",
    "PageEndpointOut",
    "PageInvoiceOut",
    "PageLedgerEntryOut",
    "PageMissionOut",
    "PageOfferingOut",
    "PagePaymentOut",
    "PagePayoutOut",
    "PageRefundOut",
    "PageStripeEventOut",
    "PageWaitlistEntryRow",
    "PartnerIn",
    "PartnerList",
    "PartnerOut",
    "PayloadInterface",
    "PaymentDetailOut",
    "PaymentFailedIn",
    "PaymentOut",
    "PaymentsCompany",
    "PaymentSucceededIn",
    "PaymentSucceededInCurrency",
    "PayoutOut",
    "PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet",
    "Problem",
    "ProblemErrorsItem",
    "ReconciliationResponseReconciliationV1FinanceReconciliationGet",
    "Redelivered",
    "RedeliverFailedIn",
    "RefreshIn",
    "RefundCompletedIn",
    "RefundCompletedInCurrency",
    "RefundFailedIn",
    "RefundFailedInCurrency",
    "RefundOut",
    "RefundTargetIn",
    "RefundTargetOut",
    "ReviewIn",
    "ReviewInDecision",
    "RollSecretIn",
    "ScheduleItem",
    "ScheduleItemDueEventType0",
    "SignupIn",
    "StaffIn",
    "StaffInRolesItem",
    "StaffList",
    "StaffPatch",
    "StaffPatchRolesType0Item",
    "StaffPatchStatusType0",
    "Status",
    "StripeEventOut",
    "SyncResult",
    "TaxRateIn",
    "TaxRateInCategory",
    "TaxRateList",
    "TaxRateOut",
    "TaxRateOutCategory",
    "TaxRowOut",
    "TokensOut",
    "WaitlistEntryOut",
    "WaitlistEntryOutStatus",
    "WaitlistEntryRow",
    "WaitlistEntryRowStatus",
    "WaitlistJoinIn",
    "WaitlistJoinInCurrency",
    "WaitlistJoinInLocale",
    "WaitlistOut",
    "WebhookAck",
)
