import { IsString, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrorKind } from './domain-error';
import { formErrorsOf } from './form-errors';
import { FormPost, postForm, redirectTo, showPage } from './form-post';
import type { PageRenderer } from './page-renderer.service';

class NameDto {
  @IsString()
  @MinLength(1, { message: 'Enter a name.' })
  name = '';
}

class RuleError extends DomainError<'RULE'> {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super('RULE', message, details);
  }
}

interface Rendered {
  view: string;
  model: { values: Record<string, unknown>; errors: Record<string, string> };
  status?: number;
}

function harness() {
  const rendered: Rendered[] = [];
  const pages = {
    render: jest.fn((_request: unknown, _reply: unknown, view: string, model, status?: number) => {
      rendered.push({ view, model: model as Rendered['model'], status });
      return Promise.resolve('rendered');
    }),
  } as unknown as PageRenderer;
  const request = { session: {} } as unknown as FastifyRequest;
  const redirects: { url: string; code: number }[] = [];
  const reply = {
    redirect: (url: string, code: number) => {
      redirects.push({ url, code });
      return 'redirected';
    },
  } as unknown as FastifyReply;
  const sut = (post: Partial<FormPost<NameDto>>) =>
    postForm(pages, request, reply, {
      dto: NameDto,
      view: 'things/form',
      model: (values, errors) => ({ values, errors }),
      submit: () => Promise.resolve(redirectTo('/things/1', 'Saved.')),
      ...post,
    });
  return { sut, rendered, redirects, request };
}

describe(postForm.name, () => {
  it('re-renders an invalid post at 422 with the field error and what was typed, never the CSRF token', async () => {
    const { sut, rendered, redirects } = harness();
    const submit = jest.fn();
    await sut({ body: { _csrf: 'token', name: '', note: 'kept' }, submit });
    expect(submit).not.toHaveBeenCalled();
    expect(redirects).toEqual([]);
    expect(rendered).toEqual([
      {
        view: 'things/form',
        model: { values: { name: '', note: 'kept' }, errors: { name: 'Enter a name.' } },
        status: 422,
      },
    ]);
  });

  it('hands the validated DTO to the service, then redirects with 303 and a flash message', async () => {
    const { sut, redirects, request } = harness();
    const submit = jest.fn(() => Promise.resolve(redirectTo('/things/7', 'Thing added.')));
    await sut({ body: { _csrf: 'token', name: 'Seven' }, submit });
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ name: 'Seven' }));
    expect((submit.mock.calls[0] as unknown[])[0]).toBeInstanceOf(NameDto);
    expect(redirects).toEqual([{ url: '/things/7', code: 303 }]);
    expect(request.session.flash).toBe('Thing added.');
  });

  it('shows a page instead of redirecting when the service says so', async () => {
    const { sut, rendered } = harness();
    await sut({
      body: { name: 'A' },
      submit: () => Promise.resolve(showPage('things/done', { once: 'secret' })),
    });
    expect(rendered).toEqual([{ view: 'things/done', model: { once: 'secret' } }]);
  });

  it('puts a domain error the form can fix next to its field, keeping the typed values', async () => {
    const { sut, rendered } = harness();
    await sut({
      body: { name: 'Taken' },
      submit: () =>
        Promise.reject(new RuleError('conflict', 'That name is taken.', { field: 'name' })),
    });
    expect(rendered).toEqual([
      {
        view: 'things/form',
        model: { values: { name: 'Taken' }, errors: { name: 'That name is taken.' } },
        status: 422,
      },
    ]);
  });

  it('uses the form’s error status for domain errors only, and the whole-form key without a field', async () => {
    const { sut, rendered } = harness();
    await sut({
      dto: undefined,
      body: { _csrf: 'token' },
      errorStatus: 409,
      submit: () => Promise.reject(new RuleError('conflict', 'Not empty yet.')),
    });
    expect(rendered[0]).toMatchObject({
      status: 409,
      model: { errors: { form: 'Not empty yet.' } },
    });
    await sut({ body: {}, errorStatus: 409 });
    expect(rendered[1]).toMatchObject({
      status: 422,
      model: { errors: { name: 'Enter a name.' } },
    });
  });

  it('lets errors the form cannot fix reach the exception filter', async () => {
    const { sut, rendered } = harness();
    const missing = new RuleError('not_found', 'No such thing.');
    await expect(sut({ body: { name: 'A' }, submit: () => Promise.reject(missing) })).rejects.toBe(
      missing,
    );
    const crash = new Error('database down');
    await expect(sut({ body: { name: 'A' }, submit: () => Promise.reject(crash) })).rejects.toBe(
      crash,
    );
    expect(rendered).toEqual([]);
  });

  it('validates `input` when field names differ, showing errors under the page’s names', async () => {
    const { sut, rendered } = harness();
    await sut({
      body: { title: '   ', other: 'x' },
      input: { name: '' },
      errorKeys: { name: 'title' },
    });
    expect(rendered[0].model).toEqual({
      values: { title: '   ', other: 'x' },
      errors: { title: 'Enter a name.' },
    });
  });

  it('never echoes secret fields back', async () => {
    const { sut, rendered } = harness();
    await sut({ body: { name: '', password: 'hunter2hunter2' }, secret: ['password'] });
    expect(rendered[0].model.values).toEqual({ name: '' });
  });

  it('reads forms a DTO cannot with `parse`', async () => {
    const { sut, rendered } = harness();
    const parse = jest.fn(() =>
      Promise.resolve({ ok: false, value: new NameDto(), errors: { row2: 'Fix row two.' } }),
    );
    await sut({ body: { row2: 'bad' }, parse });
    expect(parse).toHaveBeenCalledWith({ row2: 'bad' });
    expect(rendered[0].model.errors).toEqual({ row2: 'Fix row two.' });
  });
});

describe('DomainError.fixableByForm', () => {
  it.each<[DomainErrorKind, Record<string, unknown> | undefined, boolean]>([
    ['invalid', undefined, true],
    ['conflict', undefined, true],
    ['not_found', { field: 'unitId' }, true],
    ['not_found', undefined, false],
    ['forbidden', undefined, false],
    ['gone', undefined, false],
    ['unauthenticated', undefined, false],
    ['bad_request', undefined, false],
  ])('a %s error with details %j: %s', (kind, details, fixable) => {
    expect(new RuleError(kind, 'message', details).fixableByForm).toBe(fixable);
  });
});

describe(formErrorsOf.name, () => {
  it('names the entries the error lists after its message', () => {
    const error = new RuleError('invalid', 'Unknown emails.', {
      field: 'emails',
      emails: ['a@example.test', 'b@example.test'],
    });
    expect(formErrorsOf(error)).toEqual({
      emails: 'Unknown emails. (a@example.test, b@example.test)',
    });
  });

  it('is null for errors that are not the form’s', () => {
    expect(formErrorsOf(new RuleError('forbidden', 'No.'))).toBeNull();
    expect(formErrorsOf(new Error('boom'))).toBeNull();
  });
});
