import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ConversationContext } from '../../src/services/context.types';
import { PageContextGQL } from '../common/page-context.type';

@ObjectType('CustomerSnapshot', { description: "The customer's account as it was when the context was gathered" })
export class CustomerSnapshotGQL {
  @Field(() => ID, { description: 'Customer id' }) id: string;
  @Field({ description: 'Customer name' }) name: string;
  @Field(() => String, { description: 'Company name; null for individuals', nullable: true }) company: string | null;
  @Field({ description: 'Customer tier (FREE, PRO, ENTERPRISE)' }) tier: string;
  @Field(() => String, { description: 'Plan name from billing; null when unknown', nullable: true }) plan:
    string | null;
  @Field(() => Int, { description: 'Number of paid seats' }) seats: number;
  @Field(() => Float, { description: 'Monthly recurring revenue in US dollars' }) mrrUsd: number;
}

@ObjectType('Invoice', { description: 'A recent invoice from the billing provider' })
export class InvoiceGQL {
  @Field(() => ID, { description: 'Invoice id at the billing provider' }) id: string;
  @Field(() => String, {
    description: 'Invoice status at the billing provider (e.g. paid, open); null when not reported',
    nullable: true,
  })
  status: string | null;
  @Field(() => Int, { description: 'In the smallest currency unit' }) amountDue: number;
  @Field({ description: 'ISO 4217 code, lower case' }) currency: string;
}

@ObjectType('Charge', { description: 'A recent card charge in the billing provider: what a refund is proposed from' })
export class ChargeGQL {
  @Field(() => ID, {
    description: 'Charge id at the billing provider; use it as BillingActionInput.chargeId to refund it',
  })
  id: string;
  @Field(() => Int, { description: 'In the smallest currency unit' }) amount: number;
  @Field(() => Int, { description: 'Refunded so far, in the smallest currency unit' }) amountRefunded: number;
  @Field({ description: 'ISO 4217 code, lower case' }) currency: string;
  @Field({ description: 'Charge status at the billing provider (e.g. succeeded, failed)' }) status: string;
  @Field(() => Date, { description: 'When it was charged' }) created: Date;
  @Field(() => String, {
    nullable: true,
    description: 'What the charge was for, as the billing provider shows it; null when not set',
  })
  description: string | null;
}

@ObjectType('BillingContext', {
  description: "The customer's billing state, from the billing provider; fields are null when it did not answer",
})
export class BillingContextGQL {
  @Field({ description: 'False when no billing provider is configured, or it failed' }) available: boolean;
  @Field(() => String, {
    description: 'Subscription status (e.g. active, past_due); null when unknown',
    nullable: true,
  })
  subscriptionStatus: string | null;
  @Field(() => String, { description: 'Plan name; null when unknown', nullable: true }) plan: string | null;
  @Field(() => Boolean, { description: 'True when payments are overdue; null when unknown', nullable: true })
  delinquent: boolean | null;
  @Field(() => [InvoiceGQL], { description: 'Latest invoices, newest first' }) recentInvoices: InvoiceGQL[];
  @Field(() => [ChargeGQL], { description: 'Latest charges, newest first' }) recentCharges: ChargeGQL[];
}

@ObjectType('CrmDeal', { description: 'An open deal in the CRM' })
export class CrmDealGQL {
  @Field(() => ID, { description: 'Deal id in the CRM' }) id: string;
  @Field({ description: 'Deal name' }) name: string;
  @Field(() => Float, { description: "Deal value in the CRM's currency; null when not set", nullable: true }) amount:
    number | null;
  @Field(() => String, { description: 'Pipeline stage; null when not set', nullable: true }) stage: string | null;
}

@ObjectType('CrmContext', { description: "What the CRM knows about the customer's company" })
export class CrmContextGQL {
  @Field({ description: 'Which CRM answered (e.g. hubspot, none)' }) provider: string;
  @Field({ description: 'False when no CRM is configured or it did not answer; the other fields are then empty' })
  available: boolean;
  @Field(() => String, { nullable: true, description: 'Account notes for the team' }) notes: string | null;
  @Field(() => String, { description: 'Company name in the CRM; null when not found', nullable: true }) companyName:
    string | null;
  @Field(() => [CrmDealGQL], { description: 'Open deals, if any' }) openDeals: CrmDealGQL[];
}

@ObjectType('PreviousConversation', { description: 'An earlier conversation of the same customer' })
export class PreviousConversationGQL {
  @Field(() => ID, { description: 'Conversation id' }) id: string;
  @Field({ description: 'Its status (a ConversationStatus value)' }) status: string;
  @Field({ description: 'When it was created' }) createdAt: Date;
  @Field(() => String, { description: "The customer's first message; null when it had none", nullable: true })
  firstMessage: string | null;
}

@ObjectType('ConversationContext', {
  description: 'Everything gathered about the customer before the first answer (staff only)',
})
export class ConversationContextGQL {
  @Field(() => CustomerSnapshotGQL, {
    description: 'The account; null when the customer record is gone',
    nullable: true,
  })
  customer: CustomerSnapshotGQL | null;
  @Field(() => BillingContextGQL, { description: 'Billing state' }) billing: BillingContextGQL;
  @Field(() => CrmContextGQL, { description: 'CRM data' }) crm: CrmContextGQL;
  @Field(() => [PreviousConversationGQL], { description: 'Earlier conversations, newest first' })
  previousConversations: PreviousConversationGQL[];
  @Field(() => PageContextGQL, { description: 'Where the customer started the conversation' }) page: PageContextGQL;
  @Field({ description: 'When it was gathered' }) gatheredAt: Date;
}

export function toContextGQL(c: ConversationContext): ConversationContextGQL {
  return {
    customer: c.customer ? { ...c.customer, company: c.customer.company ?? null, plan: c.customer.plan ?? null } : null,
    billing: {
      available: c.billing.available,
      subscriptionStatus: c.billing.subscriptionStatus ?? null,
      plan: c.billing.plan ?? null,
      delinquent: c.billing.delinquent ?? null,
      recentInvoices: (c.billing.recentInvoices ?? []).map((i) => ({
        id: i.id,
        status: i.status ?? null,
        amountDue: i.amountDue,
        currency: i.currency,
      })),
      recentCharges: (c.billing.recentCharges ?? []).map((x) => ({
        id: x.id,
        amount: x.amount,
        amountRefunded: x.amountRefunded,
        currency: x.currency,
        status: x.status,
        created: new Date(x.created),
        description: x.description ?? null,
      })),
    },
    crm: {
      provider: c.crm.provider,
      available: c.crm.available,
      notes: c.crm.notes ?? null,
      companyName: c.crm.companyName ?? null,
      openDeals: (c.crm.openDeals ?? []).map((d) => ({
        id: d.id,
        name: d.name,
        amount: d.amount ?? null,
        stage: d.stage ?? null,
      })),
    },
    previousConversations: c.previousConversations.map((p) => ({ ...p, createdAt: new Date(p.createdAt) })),
    page: c.page ?? {},
    gatheredAt: new Date(c.gatheredAt),
  };
}
