import { updateSettingsInput } from '@helpdesk/validators';
import { getSettings, updateSettings } from '../rules/settings.ts';
import { adminProcedure, agentProcedure, router, syncInput } from '../trpc.ts';

export const settingsRouter = router({
  /** The desk-wide settings in force (defaults where none is stored). */
  get: agentProcedure.query(({ ctx }) => getSettings(ctx.em)),

  /** Changes the settings given; answers the settings now in force. */
  update: adminProcedure.input(syncInput(updateSettingsInput)).mutation(async ({ ctx, input }) => {
    const settings = await updateSettings(ctx.em, ctx.actor, input, ctx.now());
    ctx.config.settingsCache?.forget();
    return settings;
  }),
});
