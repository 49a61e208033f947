// A master's intake on a phone: scan (Telegram's QR scanner, where there is one) or type the
// serial, pick the parts to repair, create the ticket (the API's intake rules, as in the bot).
import { useState } from 'react';
import { type Api, errorText, query } from '../shared/api';
import type { Translate } from '../shared/i18n';
import type { Item, Page, TicketDetail } from '../shared/types';
import type { Telegram } from './telegram';

export function Intake(props: { api: Api; t: Translate; telegram: Telegram; onCreated: (id: number) => void }) {
  const { api, t, telegram, onCreated } = props;
  const [serial, setSerial] = useState('');
  const [item, setItem] = useState<Item | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (err) {
      setError(errorText(err, t));
      telegram.haptic('error');
    } finally {
      setBusy(false);
    }
  };
  const find = (value: string) =>
    attempt(async () => {
      setItem(null);
      setChosen([]);
      const found = await api.get<Page<Item>>(`/items${query({ serial: value.trim() })}`);
      if (found.items.length === 0) throw new Error(t('miniapp-no-item'));
      setItem(await api.get<Item>(`/items/${found.items[0]!.id}`));
    });
  const scan = async () => {
    const scanned = await telegram.scan?.(t('miniapp-serial'));
    if (scanned) {
      setSerial(scanned);
      await find(scanned);
    }
  };
  const create = () =>
    attempt(async () => {
      const ticket = await api.call<TicketDetail>('POST', '/tickets', {
        serial_number: item!.serial_number,
        part_specs: chosen.map((partId) => ({ part_id: partId, color: 'green', minutes: 30 })),
      });
      telegram.haptic('success');
      onCreated(ticket.id);
    });

  return (
    <section data-testid="intake">
      <h5>{t('miniapp-intake')}</h5>
      <fieldset role="group">
        <input
          value={serial}
          onChange={(e) => setSerial(e.target.value)}
          placeholder={t('miniapp-serial')}
          name="serial"
        />
        {telegram.scan ? (
          <button className="secondary" onClick={scan} disabled={busy}>
            {t('miniapp-scan')}
          </button>
        ) : null}
        <button onClick={() => find(serial)} disabled={busy || !serial.trim()} name="find">
          {t('miniapp-find')}
        </button>
      </fieldset>
      {error ? <p className="error">{error}</p> : null}
      {item ? (
        <article>
          <strong>{item.serial_number}</strong> · {item.name}
          <h6>{t('miniapp-pick-parts')}</h6>
          {(item.parts ?? []).map((part) => (
            <label key={part.id}>
              <input
                type="checkbox"
                checked={chosen.includes(part.id)}
                onChange={(e) =>
                  setChosen((all) => (e.target.checked ? [...all, part.id] : all.filter((id) => id !== part.id)))
                }
              />
              {part.name}
            </label>
          ))}
          <button onClick={create} disabled={busy || chosen.length === 0} name="create">
            {t('miniapp-create')}
          </button>
        </article>
      ) : null}
    </section>
  );
}
