import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { principalOf, type GraphQLContext } from '../context';
import { CustomerDataExportGQL, CustomerErasureGQL } from './customer-data.type';

export const exportDownloadPath = (customerId: string) =>
  `/admin/customer-data/${encodeURIComponent(customerId)}/export.json`;

/** Admins export and erase one customer's data (audited in data_audit_log). */
@Resolver()
export class CustomerDataResolver {
  @Authorized('admin')
  @Mutation(() => CustomerDataExportGQL, { description: 'Everything held about the customer (audited)' })
  async exportCustomerData(
    @Arg('customerId', () => ID, { description: 'The customer whose data to export' }) customerId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerDataExportGQL> {
    const doc = await ctx.services.customerData.export(principalOf(ctx), customerId);
    return {
      customerId,
      exportedAt: new Date(doc.exportedAt as string),
      json: JSON.stringify(doc),
      downloadPath: exportDownloadPath(customerId),
    };
  }

  @Authorized('admin')
  @Mutation(() => CustomerErasureGQL, {
    description:
      "Closes the customer's open conversations, deletes their data and destroys their data key, so their Temporal " +
      'histories become unreadable (audited)',
  })
  async eraseCustomerData(
    @Arg('customerId', () => ID, { description: 'The customer whose data to erase; cannot be undone' })
    customerId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerErasureGQL> {
    return ctx.services.customerData.erase(principalOf(ctx), customerId);
  }
}
