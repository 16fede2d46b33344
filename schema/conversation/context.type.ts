import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ConversationContext } from '../../src/services/context.types';
import { PageContextGQL } from '../common/page-context.type';

@ObjectType('CustomerSnapshot')
export class CustomerSnapshotGQL {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) company: string | null;
  @Field() tier: string;
  @Field(() => String, { nullable: true }) plan: string | null;
  @Field(() => Int) seats: number;
  @Field(() => Float) mrrUsd: number;
}

@ObjectType('Invoice')
export class InvoiceGQL {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) status: string | null;
  @Field(() => Int, { description: 'In the smallest currency unit' }) amountDue: number;
  @Field() currency: string;
}

@ObjectType('Charge', { description: 'A recent card charge in the billing provider: what a refund is proposed from' })
export class ChargeGQL {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'In the smallest currency unit' }) amount: number;
  @Field(() => Int, { description: 'Refunded so far, in the smallest currency unit' }) amountRefunded: number;
  @Field() currency: string;
  @Field() status: string;
  @Field(() => Date) created: Date;
  @Field(() => String, { nullable: true }) description: string | null;
}

@ObjectType('BillingContext')
export class BillingContextGQL {
  @Field({ description: 'False when no billing provider is configured, or it failed' }) available: boolean;
  @Field(() => String, { nullable: true }) subscriptionStatus: string | null;
  @Field(() => String, { nullable: true }) plan: string | null;
  @Field(() => Boolean, { nullable: true }) delinquent: boolean | null;
  @Field(() => [InvoiceGQL]) recentInvoices: InvoiceGQL[];
  @Field(() => [ChargeGQL]) recentCharges: ChargeGQL[];
}

@ObjectType('CrmDeal')
export class CrmDealGQL {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Float, { nullable: true }) amount: number | null;
  @Field(() => String, { nullable: true }) stage: string | null;
}

@ObjectType('CrmContext')
export class CrmContextGQL {
  @Field() provider: string;
  @Field() available: boolean;
  @Field(() => String, { nullable: true, description: 'Account notes for the team' }) notes: string | null;
  @Field(() => String, { nullable: true }) companyName: string | null;
  @Field(() => [CrmDealGQL]) openDeals: CrmDealGQL[];
}

@ObjectType('PreviousConversation')
export class PreviousConversationGQL {
  @Field(() => ID) id: string;
  @Field() status: string;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true }) firstMessage: string | null;
}

@ObjectType('ConversationContext')
export class ConversationContextGQL {
  @Field(() => CustomerSnapshotGQL, { nullable: true }) customer: CustomerSnapshotGQL | null;
  @Field(() => BillingContextGQL) billing: BillingContextGQL;
  @Field(() => CrmContextGQL) crm: CrmContextGQL;
  @Field(() => [PreviousConversationGQL]) previousConversations: PreviousConversationGQL[];
  @Field(() => PageContextGQL) page: PageContextGQL;
  @Field() gatheredAt: Date;
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
