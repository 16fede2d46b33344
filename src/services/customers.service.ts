import { In, type DataSource } from 'typeorm';
import { AgentEntity, CustomerEntity } from '../db/entities';

export class CustomersService {
  constructor(private readonly ds: DataSource) {}

  byIds(ids: string[]): Promise<CustomerEntity[]> {
    return ids.length ? this.ds.getRepository(CustomerEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  byId(id: string): Promise<CustomerEntity | null> {
    return this.ds.getRepository(CustomerEntity).findOneBy({ id });
  }

  agentById(id: string): Promise<AgentEntity | null> {
    return this.ds.getRepository(AgentEntity).findOneBy({ id });
  }
}
