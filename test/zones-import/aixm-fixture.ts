/** Builds small AIXM 5.1.1 messages for tests (one Airspace per spec). */
export interface AirspaceSpec {
  uuid: string;
  designator: string;
  type?: string;
  name?: string;
  interpretation?: string;
  begin?: string;
  /** featureLifetime end (withdrawal), ISO. */
  lifetimeEnd?: string;
  /** geometryComponent XML bodies (AirspaceGeometryComponent content). */
  components: string[];
}

export function volume(opts: {
  upper?: string;
  lower?: string;
  body: string;
  op?: string;
  seq?: number;
}): string {
  return `<aixm:geometryComponent><aixm:AirspaceGeometryComponent gml:id="c${Math.random().toString(36).slice(2)}">
    <aixm:operation>${opts.op ?? 'BASE'}</aixm:operation><aixm:operationSequence>${opts.seq ?? 1}</aixm:operationSequence>
    <aixm:theAirspaceVolume><aixm:AirspaceVolume gml:id="v${Math.random().toString(36).slice(2)}">
      ${opts.upper ?? '<aixm:upperLimit uom="FL">100</aixm:upperLimit><aixm:upperLimitReference>STD</aixm:upperLimitReference>'}
      ${opts.lower ?? '<aixm:lowerLimit>GND</aixm:lowerLimit>'}
      ${opts.body}
    </aixm:AirspaceVolume></aixm:theAirspaceVolume></aixm:AirspaceGeometryComponent></aixm:geometryComponent>`;
}

export function surface(segments: string): string {
  return `<aixm:horizontalProjection><aixm:Surface srsName="urn:ogc:def:crs:EPSG::4326" gml:id="s${Math.random().toString(36).slice(2)}">
    <gml:patches><gml:PolygonPatch><gml:exterior><gml:Ring><gml:curveMember><aixm:Curve gml:id="k${Math.random().toString(36).slice(2)}">
    <gml:segments>${segments}</gml:segments></aixm:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:PolygonPatch></gml:patches>
    </aixm:Surface></aixm:horizontalProjection>`;
}

export const SQUARE = surface(
  '<gml:GeodesicString><gml:posList>10 20 10 21 11 21 11 20 10 20</gml:posList></gml:GeodesicString>',
);

export function contributor(uuid: string, dependency = 'FULL_GEOMETRY'): string {
  return `<aixm:contributorAirspace><aixm:AirspaceVolumeDependency gml:id="d${Math.random().toString(36).slice(2)}">
    <aixm:dependency>${dependency}</aixm:dependency><aixm:theAirspace xlink:href="urn:uuid:${uuid}"/></aixm:AirspaceVolumeDependency></aixm:contributorAirspace>`;
}

export function message(specs: AirspaceSpec[]): string {
  const members = specs
    .map(
      (
        s,
      ) => `<message:hasMember><aixm:Airspace gml:id="uuid.${s.uuid}"><gml:identifier codeSpace="urn:uuid:">${s.uuid}</gml:identifier>
  <aixm:timeSlice><aixm:AirspaceTimeSlice gml:id="ts_${s.designator}">
    <gml:validTime><gml:TimePeriod gml:id="tp_${s.designator}"><gml:beginPosition>${s.begin ?? '2025-11-01T00:00:00Z'}</gml:beginPosition><gml:endPosition indeterminatePosition="unknown"/></gml:TimePeriod></gml:validTime>
    <aixm:interpretation>${s.interpretation ?? 'BASELINE'}</aixm:interpretation>
    ${s.lifetimeEnd ? `<aixm:featureLifetime><gml:TimePeriod gml:id="fl_${s.designator}"><gml:beginPosition>2000-01-01T00:00:00Z</gml:beginPosition><gml:endPosition>${s.lifetimeEnd}</gml:endPosition></gml:TimePeriod></aixm:featureLifetime>` : ''}
    <aixm:type>${s.type ?? 'D'}</aixm:type><aixm:designator>${s.designator}</aixm:designator><aixm:name>${s.name ?? s.designator}</aixm:name>
    ${s.components.join('\n')}
  </aixm:AirspaceTimeSlice></aixm:timeSlice></aixm:Airspace></message:hasMember>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<message:AIXMBasicMessage xmlns:message="http://www.aixm.aero/schema/5.1.1/message" xmlns:gml="http://www.opengis.net/gml/3.2"
  xmlns:aixm="http://www.aixm.aero/schema/5.1.1" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="m">
${members}
</message:AIXMBasicMessage>`;
}
