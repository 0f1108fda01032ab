import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import type { TaskListResponse, TaskResponse } from '../../../shared/schemas/tasks.js';
import { createTask, type NewTask } from './tasks.repository.js';

/** The tasks inbox (decision 179): listing, scoping to a Coordinator, filtering, paging, marking done. */

let t: TestApp;
let central: SignedIn;
let centralId: string;
let coordinator: SignedIn;
let coordinatorId: string;
let otherCoordinatorId: string;
let lead: SignedIn;
const ids: Record<string, string> = {};

/** Raises a task as the modules do, `minutesAgo` before now so the order is certain. */
async function raise(key: string, task: NewTask, minutesAgo: number) {
  const id = await createTask(t.database.db, task);
  await t.database.db.updateTable('tasks').set({ created_at: new Date(Date.now() - minutesAgo * 60_000) } as never).where('id', '=', id).execute();
  ids[key] = id;
}

const list = (who: SignedIn, query = '') => t.app.inject({ method: 'GET', url: `/api/v1/tasks${query}`, headers: who.headers() });
const setStatus = (who: SignedIn, id: string, status: string) => t.app.inject({ method: 'PUT', url: `/api/v1/tasks/${id}/status`, headers: who.headers(), payload: { status } });
const titles = (body: TaskListResponse) => body.items.map((i) => i.title);

beforeAll(async () => {
  t = await createTestApp();
  const co = await createUser(t.database.db, { role: 'central_office' });
  centralId = co.id;
  central = await signIn(t.app, co);
  const coord = await createUser(t.database.db, { role: 'coordinator' });
  coordinatorId = coord.id;
  coordinator = await signIn(t.app, coord);
  otherCoordinatorId = (await createUser(t.database.db, { role: 'coordinator' })).id;
  const org = await createOrganisation(t.database.db, {});
  lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
  const formId = '6f1c2f0e-1b7a-4c55-9d3e-2f1a9e0b7c11';
  await raise('form', { kind: 'start_up_form.review', title: 'Review Start-Up Form SUF-0001 from Fernbank Trust', subjectType: 'start_up_form', subjectId: formId, inbox: 'partnerships' }, 50);
  await raise('renewal', { kind: 'renewal.price_by_hand', title: 'Price the renewal of licence UKSR-SR-2024-100001', subjectType: 'licence_year', subjectId: 'x:2026-12-01', inbox: 'partnerships' }, 40);
  await raise('pack', { kind: 'meeting.welcome_pack', title: 'Send the welcome pack for Tuesday group', subjectType: 'meeting', subjectId: '0b0f5d3e-8a51-4a1e-9a55-7c1f4c8e2d01', inbox: 'updates' }, 30);
  await raise('mine', { kind: 'contact.message', title: 'Answer Robin Ashdown: training', subjectType: 'contact_message', subjectId: 'c1', inbox: 'training', assignedUserId: coordinatorId }, 20);
  await raise('nomination', { kind: 'nomination.enrol', title: 'Send enrolment instructions to Jo Fenwick', subjectType: 'nomination', subjectId: 'n1', inbox: 'training', assignedUserId: coordinatorId }, 15);
  await raise('theirs', { kind: 'contact.message', title: 'Answer Kit Moreland: meetings', subjectType: 'contact_message', subjectId: 'c2', inbox: 'training', assignedUserId: otherCoordinatorId }, 10);
  await raise('volunteer', { kind: 'volunteer.application', title: 'Volunteer application: Ali Penrose', subjectType: 'facilitator', subjectId: 'f1', inbox: 'volunteer' }, 5);
});
afterAll(async () => t?.close());

describe('the tasks inbox', () => {
  it('lists every open task for Central Office, oldest first, with its kind, inbox, when raised and the page that deals with it', async () => {
    const res = await list(central);
    expect(res.statusCode).toBe(200);
    const body = res.json<TaskListResponse>();
    expect(body.total).toBe(7);
    expect(titles(body)).toEqual([
      'Review Start-Up Form SUF-0001 from Fernbank Trust',
      'Price the renewal of licence UKSR-SR-2024-100001',
      'Send the welcome pack for Tuesday group',
      'Answer Robin Ashdown: training',
      'Send enrolment instructions to Jo Fenwick',
      'Answer Kit Moreland: meetings',
      'Volunteer application: Ali Penrose',
    ]);
    const form = body.items[0]!;
    expect(form).toMatchObject({
      kind: 'start_up_form.review',
      kindName: 'Start-Up Form to review',
      inbox: { code: 'partnerships', name: 'Partnership enquiries' },
      status: 'open',
      link: '/portal/start-up-forms/6f1c2f0e-1b7a-4c55-9d3e-2f1a9e0b7c11',
      closedByItsPage: true,
      closedAt: null,
    });
    expect(Date.parse(form.raisedAt)).toBeLessThan(Date.parse(body.items[1]!.raisedAt));
    expect(body.items[1]!.link).toBe('/portal/renewals/to-price');
    expect(body.items[2]!.link).toBe('/portal/meetings/0b0f5d3e-8a51-4a1e-9a55-7c1f4c8e2d01');
    // A contact message has no page of its own.
    expect(body.items[3]!).toMatchObject({ link: null, closedByItsPage: false });
    expect(body.openByInbox).toEqual([
      { code: 'partnerships', name: 'Partnership enquiries', open: 2 },
      { code: 'training', name: 'Training enquiries', open: 3 },
      { code: 'updates', name: 'Meeting updates and changes', open: 1 },
      { code: 'support', name: 'Technical support', open: 0 },
      { code: 'volunteer', name: 'Volunteer enquiries', open: 1 },
      { code: 'info', name: 'General / Central Office', open: 0 },
    ]);
  });

  it('filters by inbox and pages with limit and offset, the far pages in the same order', async () => {
    const training = (await list(central, '?inbox=training')).json<TaskListResponse>();
    expect(titles(training)).toEqual(['Answer Robin Ashdown: training', 'Send enrolment instructions to Jo Fenwick', 'Answer Kit Moreland: meetings']);
    const pages = [];
    for (let offset = 0; offset < 7; offset += 2) pages.push(...titles((await list(central, `?limit=2&offset=${offset}`)).json<TaskListResponse>()));
    expect(pages).toEqual(titles((await list(central)).json<TaskListResponse>()));
    const last = (await list(central, '?limit=2&offset=6')).json<TaskListResponse>();
    expect(last).toMatchObject({ total: 7 });
    expect(titles(last)).toEqual(['Volunteer application: Ali Penrose']);
    expect(titles((await list(central, '?limit=2&offset=20')).json<TaskListResponse>())).toEqual([]);
  });

  it('refuses an unknown inbox or status with 422, and anyone but staff', async () => {
    expect((await list(central, '?inbox=nowhere')).statusCode).toBe(422);
    expect((await list(central, '?status=cancelled')).statusCode).toBe(422);
    expect((await list(lead)).statusCode).toBe(403);
    expect((await setStatus(lead, ids.volunteer!, 'done')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(401);
  });

  it('shows a Coordinator only the tasks assigned to them, and counts only those', async () => {
    const body = (await list(coordinator)).json<TaskListResponse>();
    expect(titles(body)).toEqual(['Answer Robin Ashdown: training', 'Send enrolment instructions to Jo Fenwick']);
    expect(body.items.every((i) => i.assignedToMe)).toBe(true);
    expect(body.items[1]!).toMatchObject({ link: '/portal/training/enrol', closedByItsPage: true });
    expect(body.openByInbox.find((i) => i.code === 'training')?.open).toBe(2);
    expect(body.openByInbox.filter((i) => i.code !== 'training').every((i) => i.open === 0)).toBe(true);
    // Another Coordinator's task, or Central Office's, is not found for them.
    expect((await setStatus(coordinator, ids.theirs!, 'done')).statusCode).toBe(404);
    expect((await setStatus(coordinator, ids.volunteer!, 'done')).statusCode).toBe(404);
  });

  it('marks a task done and reopens it, idempotently, recording who and when', async () => {
    const done = await setStatus(central, ids.volunteer!, 'done');
    expect(done.statusCode).toBe(200);
    expect(done.json<TaskResponse>()).toMatchObject({ status: 'done', kindName: 'Volunteer application', link: '/portal/volunteers/f1' });
    const row = await t.database.db.selectFrom('tasks').select(['status', 'closed_by', 'closed_at']).where('id', '=', ids.volunteer!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', closed_by: centralId });
    // Again: nothing changes, not even when it was closed.
    const again = await setStatus(central, ids.volunteer!, 'done');
    expect(again.statusCode).toBe(200);
    expect(again.json<TaskResponse>().closedAt).toBe(done.json<TaskResponse>().closedAt);

    const open = (await list(central)).json<TaskListResponse>();
    expect(open.total).toBe(6);
    expect(open.openByInbox.find((i) => i.code === 'volunteer')?.open).toBe(0);
    const doneList = (await list(central, '?status=done&inbox=volunteer')).json<TaskListResponse>();
    expect(titles(doneList)).toEqual(['Volunteer application: Ali Penrose']);
    expect(doneList.items[0]!.closedAt).not.toBeNull();

    const reopened = await setStatus(central, ids.volunteer!, 'open');
    expect(reopened.json<TaskResponse>()).toMatchObject({ status: 'open', closedAt: null });
    expect((await list(central, '?status=done')).json<TaskListResponse>().total).toBe(0);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', ids.volunteer!).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['task.done', 'task.reopened']);
  });

  it('lets Central Office close a renewal to price that will not be priced (the organisation is not renewing, or the year is over), and reopen it', async () => {
    const closed = await setStatus(central, ids.renewal!, 'done');
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<TaskResponse>()).toMatchObject({ kind: 'renewal.price_by_hand', status: 'done', closedByItsPage: false });
    const reopened = await setStatus(central, ids.renewal!, 'open');
    expect(reopened.json<TaskResponse>()).toMatchObject({ status: 'open' });
  });

  it('lets a Coordinator close their own message, and refuses a task its own page closes', async () => {
    const mine = await setStatus(coordinator, ids.mine!, 'done');
    expect(mine.statusCode).toBe(200);
    expect(mine.json<TaskResponse>()).toMatchObject({ status: 'done', assignedToMe: true });
    const res = await setStatus(central, ids.form!, 'done');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await setStatus(coordinator, ids.nomination!, 'done')).statusCode).toBe(409);
    const still = await t.database.db.selectFrom('tasks').select('status').where('id', 'in', [ids.form!, ids.nomination!]).execute();
    expect(still.every((s) => s.status === 'open')).toBe(true);
    expect((await setStatus(central, '00000000-0000-4000-8000-000000000000', 'done')).statusCode).toBe(404);
    expect((await setStatus(central, ids.pack!, 'closed')).statusCode).toBe(422);
  });
});
