/**
 * The demo page's agent stand-in (development only): plain browser JavaScript, sent inline, that drives the agent's
 * side of Dana's newest conversation through the same GraphQL API an agent console would use.
 */
export const DEMO_AGENT_SCRIPT = String.raw`
(function () {
  var token = fetch('/demo/agent-token').then(function (r) { return r.text(); });
  var state = document.getElementById('agent-state');
  var current = null;
  function gql(query, variables) {
    return token.then(function (t) {
      return fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + t },
        body: JSON.stringify({ query: query, variables: variables || {} }) });
    }).then(function (r) { return r.json(); }).then(function (r) {
      if (r.errors) state.textContent = r.errors[0].message;
      return r.data;
    });
  }
  function refresh() {
    gql('{ conversations(first: 1, filter: { customerId: "demo-dana" }) { edges { node { id status queue { position } assignee { name } } } } }')
      .then(function (d) {
        var node = d && d.conversations.edges[0] && d.conversations.edges[0].node;
        current = node || null;
        state.textContent = node
          ? 'Conversation ' + node.id.slice(0, 8) + '…: ' + node.status + (node.assignee ? ' (' + node.assignee.name + ')' : '')
          : 'No conversation yet: write to the widget first.';
      });
  }
  function act(query, variables) {
    if (!current) return;
    variables = variables || {};
    variables.id = current.id;
    gql(query, variables).then(refresh);
  }
  document.getElementById('agent-claim').onclick = function () {
    act('mutation($id: ID!) { claimConversation(conversationId: $id) { id } }');
  };
  document.getElementById('agent-resolve').onclick = function () {
    act('mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "demo" }) { id } }');
  };
  document.getElementById('agent-send').onclick = function () {
    var input = document.getElementById('agent-reply');
    act('mutation($id: ID!, $b: String!, $c: String!) { sendMessage(input: { conversationId: $id, body: $b, clientMessageId: $c }) { id } }',
      { b: input.value, c: 'demo-' + Date.now() });
  };
  var lastTyping = 0;
  document.getElementById('agent-reply').oninput = function () {
    if (!current || Date.now() - lastTyping < 3000) return;
    lastTyping = Date.now();
    gql('mutation($id: ID!) { setTyping(conversationId: $id) }', { id: current.id });
  };
  refresh();
  setInterval(refresh, 3000);
})();
`;
