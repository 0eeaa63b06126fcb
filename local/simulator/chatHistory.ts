import type { ChatMessage } from './types';

// What the simulated chats said before the simulator started: a few realistic messages with the chat's
// BB-code (and one hostile one), so "Save to knowledge base" has something to capture. Their ids are below
// those of messages posted later (1001 and up), as on a portal.

const history: readonly Omit<ChatMessage, 'urlPreview'>[] = [
  { id: 201, dialogId: 'chat2', chatId: 2, userId: 2, date: '2024-05-06T09:12:00+02:00', message: 'Hi all! Where do I find the VPN settings?' },
  {
    id: 202,
    dialogId: 'chat2',
    chatId: 2,
    userId: 1,
    date: '2024-05-06T09:20:00+02:00',
    message:
      '[B]VPN setup[/B][BR]1. Install the client from [URL=https://intranet.example.com/vpn]the intranet page[/URL][BR]' +
      '2. Sign in with your [I]work[/I] account[BR]3. Pick the [B]Frankfurt[/B] gateway[BR]If it fails, ask [USER=2]Boris Ivanov[/USER].',
  },
  {
    id: 203,
    dialogId: 'chat2',
    chatId: 2,
    userId: 2,
    date: '2024-05-06T09:31:00+02:00',
    message: '>>3. Pick the Frankfurt gateway\nWorks, thanks! The full config is on https://wiki.example.com/vpn_config_2024',
  },
  {
    id: 204,
    dialogId: 'chat2',
    chatId: 2,
    userId: 1,
    date: '2024-05-06T10:02:00+02:00',
    message: 'If the agent hangs, restart it:[CODE]sudo systemctl restart vpn-agent\nsudo journalctl -u vpn-agent -n 50[/CODE]',
  },
  {
    id: 205,
    dialogId: 'chat2',
    chatId: 2,
    userId: 2,
    date: '2024-05-06T10:15:00+02:00',
    message: 'Note: *stars*, _underscores_ and <b>tags</b> are plain text in the chat. [SEND=/vpn status]Check the VPN status[/SEND]',
  },
  {
    id: 211,
    dialogId: 'chat5',
    chatId: 5,
    userId: 2,
    date: '2024-05-07T08:00:00+02:00',
    message: '[URL=javascript:alert(1)]Click me[/URL] [USER=all]everyone[/USER] [PUT=/kick all]kick[/PUT] # not a heading <img src=x onerror=alert(2)>',
  },
  { id: 221, dialogId: 'sg7', chatId: 7, userId: 3, date: '2024-05-02T09:00:00+02:00', message: 'Kick-off notes are in the project drive.' },
  { id: 222, dialogId: 'sg7', chatId: 7, userId: 3, date: '2024-05-02T10:00:00+02:00', message: '[B]Launch window[/B]: 14–16 May' },
  {
    id: 223,
    dialogId: 'sg7',
    chatId: 7,
    userId: 3,
    date: '2024-05-08T11:30:00+02:00',
    message:
      '------------------------------------------------------\nChen Wei [02.05.2024 10:00:00]\nLaunch window: 14–16 May\n' +
      '------------------------------------------------------\n[USER=1]Anna Schmidt[/USER], welcome! The window moved to [B]21 May[/B].',
  },
  { id: 224, dialogId: 'sg7', chatId: 7, userId: 1, date: '2024-05-08T11:45:00+02:00', message: 'Thanks! I will keep the launch checklist in the knowledge base.' },
  { id: 231, dialogId: '1', chatId: 112, userId: 2, date: '2024-05-09T14:00:00+02:00', message: 'Could you send me the [I]onboarding[/I] link?' },
  { id: 232, dialogId: '2', chatId: 112, userId: 1, date: '2024-05-09T14:03:00+02:00', message: 'Sure: https://intranet.example.com/onboarding' },
];

/** A fresh copy of the history for one simulator (tests may delete its messages). */
export function chatHistory(): ChatMessage[] {
  return history.map((message) => ({ ...message, urlPreview: true }));
}

/**
 * Members who joined a chat after it started see its messages from their joining on only (chat id → user id →
 * first message id they see). Anna joined Project Apollo after its first two messages.
 */
export const JOINED_AT: Readonly<Record<number, Readonly<Record<number, number>>>> = { 7: { 1: 223 } };
