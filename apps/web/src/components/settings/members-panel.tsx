'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '~/trpc/react';
import { ShownOnceSecret } from '../shown-once-secret';

type Role = 'owner' | 'admin' | 'member';

/**
 * Members with their roles, and invitations by link. Admins invite members and remove members;
 * the owner also invites admins, changes roles, removes admins and hands ownership over. Anyone
 * may leave (the only owner hands ownership over first). The link of a new invitation is shown
 * here once (and e-mailed when SMTP is configured).
 */
export function MembersPanel({
  role,
  me,
  organizationName,
}: {
  role: string;
  me: string | null;
  organizationName: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.all.queryOptions());
  const invitations = useQuery(trpc.invitations.all.queryOptions());
  const isOwner = role === 'owner';
  const canManage = isOwner || role === 'admin';
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.members.all.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.invitations.all.queryKey() });
  };

  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<'member' | 'admin'>('member');
  const [created, setCreated] = useState<{
    email: string;
    link: string;
    expiresAt: string;
    emailed: boolean;
    mailNote: string | null;
  } | null>(null);
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async (result) => {
        setCreated({
          email: result.invitation.email,
          link: `${window.location.origin}/invite/${result.token}`,
          expiresAt: result.invitation.expiresAt,
          emailed: result.emailed,
          mailNote: result.mailNote,
        });
        setEmail('');
        await refresh();
      },
    }),
  );
  const cancel = useMutation(trpc.invitations.cancel.mutationOptions({ onSuccess: refresh }));
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  // Ownership changes the caller's own role too: everything shown may change.
  const transfer = useMutation(
    trpc.members.transferOwnership.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  // The session now acts in another organization: load Settings afresh there.
  const leave = useMutation(
    trpc.members.leave.mutationOptions({ onSuccess: () => window.location.assign('/settings') }),
  );
  const error = invite.error ?? cancel.error ?? updateRole.error ?? remove.error ?? transfer.error;

  function onInvite(e: FormEvent) {
    e.preventDefault();
    invite.mutate({ email, role: inviteRole });
  }

  /** Whether the caller may remove this member (the API checks the same). */
  const removable = (memberRole: string) =>
    memberRole === 'member' ? canManage : memberRole === 'admin' ? isOwner : false;

  return (
    <section className="card stack" aria-label="Members">
      <h2>Members</h2>
      <p className="muted">
        <strong>Owner</strong>: everything, and the only one who changes roles, removes admins or
        makes someone else the owner. <strong>Admins</strong>: invite and remove members, manage API
        keys, rename the organization. <strong>Members</strong>: see and use all data, upload and
        train; no team or key management.
      </p>
      {members.error && <p className="error">{members.error.message}</p>}
      {members.data && (
        <table aria-label="Members table">
          <thead>
            <tr>
              <th>Name</th>
              <th>E-mail</th>
              <th>Role</th>
              <th>Joined</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name}
                  {m.userId === me && <span className="muted small"> (you)</span>}
                </td>
                <td>{m.email}</td>
                <td>
                  {isOwner && m.role !== 'owner' ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={updateRole.isPending}
                      onChange={(e) =>
                        updateRole.mutate({
                          memberId: m.id,
                          role: e.target.value as Exclude<Role, 'owner'>,
                        })
                      }
                    >
                      <option value="admin">admin</option>
                      <option value="member">member</option>
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                <td>{new Date(m.joinedAt).toLocaleDateString()}</td>
                <td>
                  <span className="row">
                    {isOwner && m.role !== 'owner' && (
                      <button
                        type="button"
                        disabled={transfer.isPending}
                        onClick={() => {
                          if (
                            window.confirm(
                              `Make ${m.email} the owner of ${organizationName}? You will become an admin.`,
                            )
                          ) {
                            transfer.mutate({ memberId: m.id });
                          }
                        }}
                      >
                        Make owner
                      </button>
                    )}
                    {removable(m.role) && m.userId !== me && (
                      <button
                        type="button"
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(`Remove ${m.email} from the organization?`)) {
                            remove.mutate({ memberId: m.id });
                          }
                        }}
                      >
                        Remove
                      </button>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row center">
        <button
          type="button"
          disabled={leave.isPending}
          onClick={() => {
            if (
              window.confirm(
                `Leave ${organizationName}? You lose access to its data until someone invites you again.`,
              )
            ) {
              leave.mutate();
            }
          }}
        >
          Leave organization
        </button>
        {isOwner && (
          <span className="muted small">
            As the owner, make another member the owner before you leave.
          </span>
        )}
      </div>
      {leave.error && <p className="error">{leave.error.message}</p>}

      <h3>Invitations</h3>
      {canManage ? (
        <>
          <p className="muted">
            An invitation is a link: send it to your co-founder however you like. It works once, for
            the e-mail address you enter (they sign in or create an account with it), and expires
            after 7 days.
          </p>
          <form className="row" onSubmit={onInvite} aria-label="Invite someone">
            <label>
              E-mail
              <input
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                placeholder="cofounder@example.com"
                required
                maxLength={254}
              />
            </label>
            <label>
              Role
              <select
                value={inviteRole}
                onChange={(e) => setInviteRole(e.target.value as 'member' | 'admin')}
              >
                <option value="member">member</option>
                {isOwner && <option value="admin">admin</option>}
              </select>
            </label>
            <button type="submit" className="primary align-end" disabled={invite.isPending}>
              Create invitation link
            </button>
          </form>
        </>
      ) : (
        <p className="muted small">Only owners and admins can invite.</p>
      )}
      {created && (
        <ShownOnceSecret
          testId="new-invitation"
          heading={
            <>
              Copy the invitation link for {created.email} now — it will not be shown again
              {created.emailed ? ' (it was also e-mailed)' : ''}:
            </>
          }
          secret={created.link}
          onDone={() => setCreated(null)}
        >
          {created.mailNote && <span className="muted small">{created.mailNote}</span>}
          <span className="muted small">
            Expires {new Date(created.expiresAt).toLocaleString()}.
          </span>
        </ShownOnceSecret>
      )}
      {error && <p className="error">{error.message}</p>}
      {invitations.data && invitations.data.length > 0 ? (
        <table aria-label="Pending invitations">
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Role</th>
              <th>Invited by</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((i) => {
              const expired = new Date(i.expiresAt).getTime() <= Date.now();
              return (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{i.invitedBy}</td>
                  <td>
                    {expired ? (
                      <span className="badge badge-failed">expired</span>
                    ) : (
                      new Date(i.expiresAt).toLocaleDateString()
                    )}
                  </td>
                  <td>
                    {canManage && (
                      <button
                        type="button"
                        disabled={cancel.isPending}
                        onClick={() => cancel.mutate({ id: i.id })}
                      >
                        Withdraw
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No pending invitations.</p>
      )}
    </section>
  );
}
