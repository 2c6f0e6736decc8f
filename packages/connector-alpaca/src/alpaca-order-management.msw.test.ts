import { isTickwireError, type OrderError } from '@tickwire/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { MSW_BASE, wireOrder } from './__fixtures__/msw-alpaca';
import { MSW_KEY_ID, MSW_SECRET, rejection, useMswAlpaca } from './__fixtures__/msw-alpaca-session';

const KEY_ID = MSW_KEY_ID;
const SECRET = MSW_SECRET;
const { server, connected } = useMswAlpaca();

describe('Alpaca order management over REST (msw)', () => {
  it('cancels by id (204), maps 404 and 422, and looks the id up when only the client id is known', async () => {
    const deleted: string[] = [];
    server.use(
      http.get(`${MSW_BASE}/v2/orders:by_client_order_id`, () =>
        HttpResponse.json(wireOrder({ id: 'b-7', client_order_id: 'c-7' })),
      ),
      http.delete(`${MSW_BASE}/v2/orders/:id`, ({ params }) => {
        deleted.push(String(params.id));
        if (params.id === 'gone')
          return HttpResponse.json({ code: 40410000, message: 'order not found' }, { status: 404 });
        if (params.id === 'done')
          return HttpResponse.json({ code: 42210000, message: 'order is not cancelable' }, { status: 422 });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { connector } = await connected();
    await connector.cancelOrder({ clientOrderId: 'c-7' });
    expect(
      ((await rejection(connector.cancelOrder({ clientOrderId: 'x', brokerOrderId: 'gone' }))) as OrderError).code,
    ).toBe('ORDER_NOT_FOUND');
    expect(
      ((await rejection(connector.cancelOrder({ clientOrderId: 'y', brokerOrderId: 'done' }))) as OrderError).code,
    ).toBe('ORDER_NOT_CANCELABLE');
    expect(deleted).toEqual(['b-7', 'gone', 'done']);
  });

  it('reads the 207 of cancel-all: gone or done orders are fine, others are named', async () => {
    const answers = [
      [
        { id: 'b-1', status: 200 },
        { id: 'b-2', status: 404, body: { code: 40410000, message: 'order not found' } },
      ],
      [
        { id: 'b-1', status: 200 },
        { id: 'b-3', status: 500, body: { code: 50010000, message: 'internal server error' } },
      ],
    ];
    server.use(http.delete(`${MSW_BASE}/v2/orders`, () => HttpResponse.json(answers.shift(), { status: 207 })));
    const { connector } = await connected();
    await connector.cancelAllOrders!();
    const error = await rejection(connector.cancelAllOrders!());
    expect(isTickwireError(error, 'BROKER_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain(
      'could not cancel 1 of 2 open orders: b-3 (HTTP 500, "internal server error")',
    );
  });

  it('replaces with PATCH and acknowledges the new order', async () => {
    const patches: unknown[] = [];
    server.use(
      http.get(`${MSW_BASE}/v2/orders:by_client_order_id`, () => HttpResponse.json(wireOrder())),
      http.patch(`${MSW_BASE}/v2/orders/b-1`, async ({ request }) => {
        patches.push(await request.json());
        return HttpResponse.json(
          wireOrder({ id: 'b-2', client_order_id: 'c-2', replaces: 'b-1', qty: '12', limit_price: '49' }),
        );
      }),
    );
    const { connector } = await connected();
    const ack = await connector.replaceOrder({
      clientOrderId: 'c-1',
      newClientOrderId: 'c-2',
      quantity: 12,
      limitPrice: 49,
    });
    expect(patches).toEqual([{ client_order_id: 'c-2', qty: '12', limit_price: '49' }]);
    expect(ack).toMatchObject({ clientOrderId: 'c-2', brokerOrderId: 'b-2', status: 'new' });
  });

  it('reconciles: open orders, orders it saw working that closed, recent closed ones, and their executions', async () => {
    const queries: string[] = [];
    server.use(
      http.post(`${MSW_BASE}/v2/orders`, () => HttpResponse.json(wireOrder({ id: 'b-old', client_order_id: 'c-old' }))),
      http.get(`${MSW_BASE}/v2/orders`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        queries.push(query.toString());
        if (query.get('status') === 'open')
          return HttpResponse.json([wireOrder({ id: 'b-open', client_order_id: 'c-open' })]);
        return HttpResponse.json([
          wireOrder({
            id: 'b-new',
            client_order_id: 'c-new',
            status: 'canceled',
            updated_at: new Date().toISOString(),
          }),
        ]);
      }),
      http.get(`${MSW_BASE}/v2/orders/b-old`, () =>
        HttpResponse.json(
          wireOrder({
            id: 'b-old',
            client_order_id: 'c-old',
            status: 'filled',
            filled_qty: '10',
            filled_avg_price: '50',
            filled_at: new Date().toISOString(),
          }),
        ),
      ),
    );
    const { connector } = await connected();
    await connector.submitOrder({
      clientOrderId: 'c-old',
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'gtc',
      quantity: 10,
      limitPrice: 50,
    });
    const sinceMs = Date.now() - 60_000;
    const report = await connector.reconcile(sinceMs);
    expect(report.openOrders.map((order) => order.clientOrderId)).toEqual(['c-open']);
    expect(report.closedOrders.map((order) => [order.clientOrderId, order.status, order.filledQuantity])).toEqual([
      ['c-old', 'filled', 10],
      ['c-new', 'canceled', 0],
    ]);
    expect(report.fills).toEqual([
      expect.objectContaining({
        executionId: 'b-old:filled:10',
        clientOrderId: 'c-old',
        quantity: 10,
        price: 50,
        side: 'buy',
        symbol: 'AAPL',
      }),
    ]);
    expect(queries[0]).toContain('status=open');
    expect(queries[1]).toContain('status=closed');
    expect(queries[1]).toContain('direction=asc');
    const after = Date.parse(new URLSearchParams(queries[1]).get('after')!);
    expect(after).toBeLessThanOrEqual(sinceMs);
    expect(after).toBeGreaterThan(sinceMs - 10_000);
  });

  it('never writes the credentials into a log line or an error, whatever the failure', async () => {
    server.use(
      http.post(`${MSW_BASE}/v2/orders`, () =>
        HttpResponse.json({ code: 40310000, message: `key ${KEY_ID} secret ${SECRET} refused` }, { status: 403 }),
      ),
      http.get(`${MSW_BASE}/v2/positions`, () => new HttpResponse(`<html>${SECRET}</html>`, { status: 200 })),
      http.get(`${MSW_BASE}/v2/orders`, () => HttpResponse.error()),
    );
    const { connector, logs } = await connected();
    const errors = [
      await rejection(
        connector.submitOrder({
          clientOrderId: 'c-1',
          symbol: 'AAPL',
          side: 'buy',
          type: 'market',
          timeInForce: 'day',
          quantity: 1,
        }),
      ),
      await rejection(connector.getPositions()),
      await rejection(connector.getOpenOrders()),
    ];
    const everything = JSON.stringify([
      logs,
      errors.map((error) => [String(error), (error as { toJSON?: () => unknown }).toJSON?.()]),
    ]);
    expect(errors.every((error) => isTickwireError(error))).toBe(true);
    expect(logs.length).toBeGreaterThan(0);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(KEY_ID);
    expect(everything).toContain('[redacted]');
  });
});
