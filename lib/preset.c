/*
 * preset.c - built-in column mappings for well-known CRM exports.
 *
 * Column names follow the exports' own headers (see EXPORTS.md and the
 * man page).  Keep the table sorted by name.
 */
#include <string.h>

#include "preset.h"

static const struct preset presets[] = {
    {"hubspot-companies", "HubSpot companies export (account table)",
     "# HubSpot companies export -> account table\n"
     "--accounts\n"
     "account\tRecord ID\n"
     "name\tCompany name\n"
     "owner\tCompany owner\n"
     "segment\tSegment\n"
     "industry\tIndustry\n"
     "region\tCountry/Region\n"
     "start\tCreate Date\n"
     "renewal\tRenewal Date\n"
     "arr\tAnnual Revenue\n"
     "--keep\tLifecycle Stage\n"},
    {"hubspot-deals",
     "HubSpot deals export (opportunity; won/lost when closed)",
     "# HubSpot deals export: an opportunity on Create Date, and won or\n"
     "# lost on Close Date when the stage is closedwon or closedlost;\n"
     "# any other (open) stage makes no second event.\n"
     "account\tAssociated Company ID\n"
     "date\tCreate Date\n"
     "value\tAmount\n"
     "ref\tDeal ID\n"
     "kind\tDeal Type\n"
     "--type\topportunity\n"
     "--kind-map\tnewbusiness=new,existingbusiness=upsell\n"
     "--also\ttype-from=Deal Stage,date=Close Date,value=Amount\n"
     "--type-map\tclosedwon=won,closedlost=lost,*=-\n"},
    {"salesforce-accounts", "Salesforce accounts report (account table)",
     "# Salesforce accounts report -> account table\n"
     "--accounts\n"
     "account\tAccount ID\n"
     "name\tAccount Name\n"
     "owner\tAccount Owner\n"
     "segment\tType\n"
     "industry\tIndustry\n"
     "region\tBilling Country\n"
     "start\tCreated Date\n"
     "arr\tAnnual Revenue\n"},
    {"salesforce-opportunities",
     "Salesforce opportunity report (opportunity; won/lost when closed)",
     "# Salesforce opportunity report: an opportunity on Created Date,\n"
     "# and won or lost on Close Date when the stage is Closed Won or\n"
     "# Closed Lost; open stages make no second event.\n"
     "account\tAccount ID\n"
     "date\tCreated Date\n"
     "value\tAmount\n"
     "ref\tOpportunity ID\n"
     "kind\tType\n"
     "--type\topportunity\n"
     "--kind-map\tNew Business=new,Existing Business - Upgrade=upsell,"
     "Existing Business - Cross-Sell=cross-sell,Existing Business=upsell,"
     "Renewal=renewal\n"
     "--also\ttype-from=Stage,date=Close Date,value=Amount\n"
     "--type-map\tClosed Won=won,Closed Lost=lost,Prospecting=-,"
     "Qualification=-,Needs Analysis=-,Value Proposition=-,"
     "Id. Decision Makers=-,Perception Analysis=-,Proposal=-,"
     "Proposal/Price Quote=-,Negotiation=-,Negotiation/Review=-\n"},
    {"stripe-invoices", "Stripe-style invoices export (invoice + payment)",
     "# Stripe-style invoices: an invoice on its due date (void and\n"
     "# draft invoices make none), a payment on Paid At when paid.\n"
     "account\tCustomer\n"
     "date\tDue Date (UTC)\n"
     "value\tAmount Due\n"
     "ref\tid\n"
     "type\tStatus\n"
     "--type-map\tpaid=invoice,open=invoice,uncollectible=invoice,"
     "void=-,draft=-\n"
     "--also\ttype=payment,date=Paid At (UTC),value=Amount Paid\n"},
    {"zendesk-tickets", "Zendesk-style tickets export (ticket + ticket_closed)",
     "# Zendesk-style tickets: a ticket on Created at with severity\n"
     "# 1 (urgent) .. 4 (low), ticket_closed on Solved at when solved.\n"
     "account\tOrganization\n"
     "date\tCreated at\n"
     "value\tPriority\n"
     "ref\tId\n"
     "--type\tticket\n"
     "--value-map\turgent=1,high=2,normal=3,low=4\n"
     "--also\ttype=ticket_closed,date=Solved at\n"},
};

const struct preset *
preset_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (strcmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}

const struct preset *
preset_at(size_t i)
{
	return i < sizeof(presets) / sizeof(presets[0]) ? &presets[i] : NULL;
}
