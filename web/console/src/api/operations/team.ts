import { graphql } from '../../gql';

/** The team: agents, their tier, skills, on-call flag, capacity and access (admins change them). */

export const TeamAgentFields = graphql(`
  fragment ConsoleTeamAgent on Agent {
    id
    name
    email
    tier
    skills
    status
    onCall
    capacity
    disabledAt
  }
`);

export const TeamQuery = graphql(`
  query ConsoleTeam {
    agents(first: 100) {
      totalCount
      edges {
        node {
          ...ConsoleTeamAgent
        }
      }
    }
  }
`);

export const InviteAgentMutation = graphql(`
  mutation ConsoleInviteAgent($email: String!, $profile: AgentProfileInput) {
    inviteAgent(email: $email, profile: $profile) {
      ...ConsoleTeamAgent
    }
  }
`);

export const UpdateAgentMutation = graphql(`
  mutation ConsoleUpdateAgent($id: ID!, $profile: AgentProfileInput!) {
    updateAgent(agentId: $id, profile: $profile) {
      ...ConsoleTeamAgent
    }
  }
`);

export const DisableAgentMutation = graphql(`
  mutation ConsoleDisableAgent($id: ID!) {
    disableAgent(agentId: $id) {
      ...ConsoleTeamAgent
    }
  }
`);

export const EnableAgentMutation = graphql(`
  mutation ConsoleEnableAgent($id: ID!) {
    enableAgent(agentId: $id) {
      ...ConsoleTeamAgent
    }
  }
`);
