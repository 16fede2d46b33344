import { graphql } from '../../gql';

/** The knowledge base and the learning loop's suggestions. */

export const ArticleFields = graphql(`
  fragment ConsoleArticle on KbArticle {
    id
    title
    body
    version
    tags
    routes
    updatedAt
    archivedAt
  }
`);

export const SuggestionsQuery = graphql(`
  query ConsoleSuggestions($status: SuggestionStatus) {
    knowledgeSuggestions(status: $status, first: 50) {
      edges {
        node {
          id
          status
          title
          question
          createdAt
          revisesArticleId
          replay {
            total
            wouldAnswer
          }
        }
      }
    }
  }
`);

export const SuggestionQuery = graphql(`
  query ConsoleSuggestion($id: ID!) {
    knowledgeSuggestion(id: $id) {
      id
      status
      title
      body
      question
      createdAt
      reviewedBy
      rejectReason
      articleId
      reminders
      revises {
        ...ConsoleArticle
      }
      replay {
        total
        wouldAnswer
        conversations {
          id
          confidence
        }
      }
      sourceConversations {
        id
        status
        customer {
          name
        }
      }
    }
  }
`);

export const ApproveSuggestionMutation = graphql(`
  mutation ConsoleApproveSuggestion($id: ID!, $edits: KnowledgeSuggestionEdits) {
    approveKnowledgeSuggestion(id: $id, edits: $edits) {
      ...ConsoleArticle
    }
  }
`);

export const RejectSuggestionMutation = graphql(`
  mutation ConsoleRejectSuggestion($id: ID!, $reason: String!) {
    rejectKnowledgeSuggestion(id: $id, reason: $reason) {
      id
      status
      rejectReason
    }
  }
`);

export const ArticlesQuery = graphql(`
  query ConsoleArticles($search: String, $includeArchived: Boolean) {
    kbArticles(search: $search, includeArchived: $includeArchived, first: 100) {
      edges {
        node {
          ...ConsoleArticle
        }
      }
    }
  }
`);

export const ArticleQuery = graphql(`
  query ConsoleArticleDetail($id: ID!) {
    kbArticle(id: $id) {
      ...ConsoleArticle
      versions {
        version
        title
        editedBy
        createdAt
      }
    }
  }
`);

export const CreateArticleMutation = graphql(`
  mutation ConsoleCreateArticle($input: KbArticleInput!) {
    createKbArticle(input: $input) {
      ...ConsoleArticle
    }
  }
`);

export const UpdateArticleMutation = graphql(`
  mutation ConsoleUpdateArticle($id: ID!, $input: KbArticleInput!, $expectedVersion: Int) {
    updateKbArticle(id: $id, input: $input, expectedVersion: $expectedVersion) {
      ...ConsoleArticle
    }
  }
`);

export const ArchiveArticleMutation = graphql(`
  mutation ConsoleArchiveArticle($id: ID!, $archived: Boolean) {
    archiveKbArticle(id: $id, archived: $archived) {
      ...ConsoleArticle
    }
  }
`);

export const ImportArticlesMutation = graphql(`
  mutation ConsoleImportArticles($format: KbImportFormat!, $content: String!) {
    importKbArticles(format: $format, content: $content) {
      created
      updated
      articles {
        id
        title
      }
    }
  }
`);
