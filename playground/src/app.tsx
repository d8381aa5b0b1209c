/**
 * The playground: chat list, conversation and composer in the middle, the phone, network and world on the right. One
 * page for every simulator: the first snapshot names the protocol and the features that decide the panels.
 */
import { useEffect, useReducer, useState } from 'preact/hooks';
import type { PageEvent } from '../../src/testing/playground/page-events.js';
import { ChatList, type ChatRef } from './chat-list';
import { Composer } from './composer';
import { Conversation } from './conversation';
import { LangContext, initialLang, words, type Lang } from './i18n';
import { NetworkPanel } from './network-panel';
import { PhonePanel } from './phone-panel';
import { apply, currentSession, EMPTY } from './state';
import { Timeline } from './timeline';
import { WorldPanel } from './world-panel';

export function App() {
  const [state, dispatch] = useReducer(apply, EMPTY);
  const [lang, setLang] = useState<Lang>(initialLang());
  const [chat, setChat] = useState<ChatRef | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    // EventSource reconnects by itself; each reconnection starts with a fresh snapshot.
    const source = new EventSource('events');
    source.onmessage = (event: MessageEvent<string>) => dispatch(JSON.parse(event.data) as PageEvent);
    source.onerror = () => dispatch({ t: 'disconnected' });
    return () => source.close();
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = words(lang)('title');
  }, [lang]);

  const t = words(lang);
  const { protocol, features } = state;
  const session = currentSession(state);
  const live = session?.active === true ? session : undefined;
  const onError = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
  const group = chat === undefined ? undefined : state.world?.groups.find((g) => g.id === chat.id);
  const shownChat = chat === undefined ? undefined : { id: chat.id, name: group?.name ?? state.world?.friends.find((f) => f.id === chat.id)?.name ?? chat.name };
  return (
    <LangContext.Provider value={lang}>
      <header class="top">
        <h1>{t('title')}</h1>
        <p class="connection" role="status">
          {state.connected ? '' : t(state.world === undefined ? 'connecting' : 'disconnected')}
        </p>
        <button type="button" lang={lang === 'zh' ? 'en' : 'zh-CN'} aria-label={t('switchLangLabel')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('switchLang')}
        </button>
      </header>
      {error === undefined ? null : (
        <div class="error" role="alert">
          {t('failed')}
          {error}{' '}
          <button type="button" class="link-button" onClick={() => setError(undefined)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      <main class="layout">
        <ChatList world={state.world} messages={state.messages} selected={chat?.id} onSelect={setChat} />
        <section class="chat-pane" aria-labelledby="chat-title">
          <h2 id="chat-title">{shownChat?.name ?? t('noChat')}</h2>
          {shownChat === undefined || features === undefined || protocol === undefined ? null : (
            <>
              <Conversation chat={shownChat} group={group !== undefined} canRecall={features.recall} messages={state.messages.filter((m) => m.chat === shownChat.id)} session={live?.uuid} onError={onError} />
              {live === undefined || state.world === undefined ? (
                <p class="hint">{t(features.login === undefined ? 'waitClient' : 'loginFirst')}</p>
              ) : (
                <Composer protocol={protocol} features={features} chat={shownChat} group={group} selfId={state.world.self.id} session={live.uuid} onError={onError} />
              )}
            </>
          )}
        </section>
        {features === undefined ? null : (
          <div class="side">
            <PhonePanel features={features} world={state.world} login={state.login} session={session} onError={onError} />
            <NetworkPanel features={features} faults={state.faults} session={session} onError={onError} />
            {!features.worldChanges || state.world === undefined || live === undefined ? null : <WorldPanel world={state.world} session={live.uuid} onError={onError} />}
            <Timeline kind={features.timeline} requests={state.requests} frames={state.frames} />
          </div>
        )}
      </main>
    </LangContext.Provider>
  );
}
