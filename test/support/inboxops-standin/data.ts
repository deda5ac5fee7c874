// The stand-in's tickets, written by hand in the shape docs/api/inboxops.md records, with fields
// the client must tolerate: unknown ones, numeric ids, a null assignee, text with hidden
// characters.

export const STANDIN_AGENT = 'usr_7Yq2';

export const STANDIN_TICKETS: ReadonlyArray<Record<string, unknown>> = [
  {
    id: 'tkt_01HZX3A9',
    ticket_number: 5120,
    subject: 'Refund for order #88231 not received',
    status: 'open',
    status_name: 'Open',
    priority: 'high',
    priority_name: 'High',
    assignee_id: STANDIN_AGENT,
    inbox_id: 'inb_billing',
    contact_id: 'con_5521',
    tag_ids: ['tag_refund', 'tag_vip'],
    custom_fields: { plan: 'Business', order_id: 88231 },
    created_at: '2026-05-04T09:15:00Z',
    updated_at: '2026-05-04T10:02:00Z',
    channel: 'email',
    sla: { first_response_due_at: '2026-05-04T13:15:00Z' },
  },
  {
    // An id that only survives the path when encoded (a slash, a space, a non-ASCII letter).
    id: 'legacy/42 ü',
    ticket_number: '4711',
    subject: 'Export\u200b to CSV \u202eis broken',
    status: 'waiting',
    status_name: 'Waiting on customer',
    priority: 2,
    priority_name: 'Normal',
    assignee_id: null,
    inbox_id: 3,
    contact_id: 'con_0042',
    custom_fields: null,
    created_at: '2026-05-02T16:40:00Z',
    updated_at: null,
  },
  {
    id: 9001,
    ticket_number: 5121,
    subject: 'SSO login loops back to the sign-in page',
    status: 'in_progress',
    status_name: 'In progress',
    priority: 'urgent',
    priority_name: 'Urgent',
    assignee_id: 17,
    inbox_id: 'inb_support',
    contact_id: 'con_7730',
    tags: [{ id: 'tag_sso', name: 'sso' }],
    created_at: '2026-05-05T07:01:00Z',
    updated_at: '2026-05-05T07:30:00Z',
  },
];
