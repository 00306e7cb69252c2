// The browser side: shows the answer, and sends the user's vote on it through @bilan/sdk/web.
import { initBilan } from '@bilan/sdk/web';

const bilan = initBilan({
  // Straight to the Collector: its CORS settings must allow this page's origin (README).
  endpoint: document.querySelector('meta[name="bilan-collector-url"]').content,
  serviceName: 'chat-feedback-example-web',
  onError: (error) => console.warn(`bilan: ${error.message}`),
});

const $ = (id) => document.getElementById(id);
let turn; // the TurnRef of the answer on screen: the server's, passed through untouched

$('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: $('question').value }),
  });
  const reply = await response.json();
  turn = reply.turn;
  $('answer').textContent = reply.answer;
  $('comment').value = '';
  $('feedback').hidden = false;
  $('thanks').hidden = true;
});

// One vote per answer, with the comment if the user wrote one.
function vote(rating) {
  bilan.vote(turn, rating, { comment: $('comment').value || undefined });
  $('feedback').hidden = true;
  $('thanks').hidden = false;
}
$('up').addEventListener('click', () => vote(1));
$('down').addEventListener('click', () => vote(-1));
