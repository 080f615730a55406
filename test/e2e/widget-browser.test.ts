import type { Browser, Locator, Page } from 'playwright-core';
import { DemoSetup, DemoTenant } from '../../apps/api/src/widget/demo-setup.service';
import { DemoSiteKeyHolder } from '../../apps/api/src/widget/demo-site-key.provider';
import { launchChromium } from '../support/browser';
import { adminClient, connectConsole, RecordedSocket } from '../support/socket-clients';
import { json, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const QUESTION = 'How much does express delivery cost?';
const AGENT_REPLY = 'Hello, this is Ada from Brightdesk';
const MARKUP = '<img src=x onerror="window.__pwned=1">';
/** The first answer loads the builtin models; a loaded 2-core CI machine is slow at that. */
const ANSWER_TIMEOUT_MS = 120_000;

/**
 * The whole product as a newcomer meets it: the demo page at `/` in headless Chromium, the widget from
 * `/widget.js` in its shadow root, a grounded answer streamed over `/widget`, a handoff, and a human on
 * `/console` (a second, real socket.io client) whose reply shows up in the page.
 */
describe('the chat widget on the demo page, in headless Chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let demo: DemoTenant;
  let page: Page;
  let agentConsole: RecordedSocket | undefined;
  let conversationId: string;
  /** Errors the page reported (console errors, CSP violations, uncaught exceptions). */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    // First: without Chromium the test fails here with the install command, before booting anything.
    browser = await launchChromium();
    t = await startTestApp();
    demo = (await t.app.get(DemoSetup).ensure([t.baseUrl]))!;
    await waitForHelpPages();
    page = await browser.newPage();
    page.on('console', (message) => {
      // A browser may still ask for /favicon.ico on its own; that request is not the page's problem.
      const where = message.location().url;
      if (message.type() === 'error' && !where.endsWith('/favicon.ico'))
        pageProblems.push(`${message.text()} (${where})`);
    });
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) pageProblems.push(`${response.status()} ${response.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    agentConsole?.close();
    await page?.close();
    await browser?.close();
    if (t) {
      t.app.get(DemoSiteKeyHolder).use(null);
      await t.close();
    }
  });

  async function waitForHelpPages(): Promise<void> {
    const admin = adminClient(t.baseUrl, demo.adminKey!);
    await waitFor(
      'the demo help pages to be ready',
      async () => {
        const { data } = await json(await admin.call('GET', `/v1/collections/${demo.collectionId}/documents?limit=50`));
        return data.length >= 8 && data.every((document: { status: string }) => document.status === 'ready');
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  }

  // Playwright's CSS locators pierce the widget's open shadow root.
  const widget = {
    launcher: () => page.locator('button.launcher'),
    input: () => page.locator('#seed-chat-input'),
    status: () => page.locator('.panel .status'),
    title: () => page.locator('.panel .title'),
    bubbles: (role: 'visitor' | 'bot' | 'human' | 'system', hasText?: string) =>
      page.locator(`.log .msg-${role}[data-seq]`, hasText ? { hasText } : {}),
  };

  const textOf = async (locator: Locator): Promise<string> =>
    (await locator.count()) ? locator.first().innerText() : '';

  async function send(text: string): Promise<void> {
    await widget.input().fill(text);
    await widget.input().press('Enter');
  }

  /** Every text a streamed (draft) bubble showed; MutationObserver sees them even if they live briefly. */
  async function recordDrafts(): Promise<void> {
    // A string runs in the page (this project's TypeScript has no DOM types).
    await page.evaluate(`(() => {
      const log = document.querySelector('[data-seed-chat]').shadowRoot.querySelector('.log');
      window.__drafts = [];
      new MutationObserver(() => {
        for (const draft of log.querySelectorAll('.msg-draft .text')) window.__drafts.push(draft.textContent);
      }).observe(log, { childList: true, subtree: true, characterData: true });
    })()`);
  }

  it('loads the demo page, opens the widget and connects with the demo theme', async () => {
    const response = await page.goto(`${t.baseUrl}/`);
    expect(response?.status()).toBe(200);
    await widget.launcher().click();
    expect(await widget.launcher().getAttribute('aria-expanded')).toBe('true');
    await waitFor('the widget session (theme title)', async () => (await textOf(widget.title())) === 'Brightdesk help');
    expect(await widget.input().isVisible()).toBe(true);
  });

  it('streams a grounded answer with a citation linking to the help page', async () => {
    await recordDrafts();
    await send(QUESTION);
    await waitFor('the question stored', async () => (await widget.bubbles('visitor', QUESTION).count()) === 1);
    const answer = widget.bubbles('bot');
    await waitFor('the stored bot answer', async () => (await answer.count()) >= 1, {
      timeoutMs: ANSWER_TIMEOUT_MS,
      intervalMs: 100,
    });
    expect(await answer.first().innerText()).toContain('59 EUR');
    const drafts = await page.evaluate<string[]>('window.__drafts');
    // The answer grew token by token in a draft bubble, which the stored answer then replaced.
    expect(new Set(drafts.filter((text) => text.length > 0)).size).toBeGreaterThan(1);
    expect(await page.locator('.log .msg-draft').count()).toBe(0);
    const sources = answer.first().locator('ol.sources a');
    const hrefs = await sources.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toContain(`${t.baseUrl}/demo/help/shipping-and-delivery`);
    expect(await sources.first().getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('asks for a human: the status and a system message say one will join', async () => {
    await page.getByRole('button', { name: 'Talk to a human' }).click();
    await waitFor(
      'the pending handoff status',
      async () => (await textOf(widget.status())) === 'Waiting for a human agent to join…',
    );
    await waitFor('the handoff system message', async () => (await widget.bubbles('system').count()) >= 1);
    expect(await widget.bubbles('system').last().innerText()).toContain('A human agent will join shortly.');
    expect(await page.getByRole('button', { name: 'Talk to a human' }).isDisabled()).toBe(true);
  });

  it('a human agent on /console takes over and the reply appears in the widget', async () => {
    const token = await adminClient(t.baseUrl, demo.adminKey!).consoleToken('ada@brightdesk.example', 'Ada');
    agentConsole = await connectConsole(t.baseUrl, { token });
    const listed = await agentConsole.request('conversations.list', { state: 'pending_human' });
    expect(listed.ok).toBe(true);
    expect(listed.conversations).toHaveLength(1);
    conversationId = listed.conversations[0].id;

    const subscribed = await agentConsole.request('subscribe', { conversationId });
    expect(subscribed.ok).toBe(true);
    const transcript = subscribed.messages.map((message: { role: string; text: string }) => message.text);
    expect(transcript).toContain(QUESTION);

    const takeover = await agentConsole.request('take_over', { conversationId });
    expect(takeover).toMatchObject({ ok: true, conversation: { state: 'human' } });
    expect(takeover.contextPack.lastBotAnswer).toContain('59 EUR');
    await waitFor(
      'the human-agent status',
      async () => (await textOf(widget.status())) === 'You are chatting with a human agent.',
    );
    await waitFor('the takeover system message', async () => (await widget.bubbles('system', 'Ada').count()) === 1);

    const reply = await agentConsole.request('reply', { conversationId, text: AGENT_REPLY });
    expect(reply.ok).toBe(true);
    await waitFor(
      'the agent reply in the widget',
      async () => (await widget.bubbles('human', AGENT_REPLY).count()) === 1,
    );
  });

  it('shows HTML in messages as text, from the visitor and from the agent, and runs none of it', async () => {
    await send(MARKUP);
    await waitFor('the visitor markup stored', async () => (await widget.bubbles('visitor', MARKUP).count()) === 1);
    expect(await agentConsole!.request('reply', { conversationId, text: `echo: ${MARKUP}` })).toMatchObject({
      ok: true,
    });
    await waitFor(
      'the agent markup shown',
      async () => (await widget.bubbles('human', `echo: ${MARKUP}`).count()) === 1,
    );

    expect(await widget.bubbles('visitor', MARKUP).locator('.text').innerText()).toBe(MARKUP);
    // The characters stayed characters: no element was made of them.
    expect(await page.locator('.log img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // Parsed markup would also have shown here: a request for `x` (404) and the demo page's CSP reporting
    // the inline handler it blocked.
    expect(pageProblems).toEqual([]);
  });
});
