import { create } from "@bufbuild/protobuf";
import { OperationComponentSchema, OperationSchema, type Operation } from "../gen/realtime/collab/v1/collab_pb";
import { TextOperation, type Component } from "./textOperation";

/** The wire form of an operation (realtime.collab.v1.Operation) and back. */
export const toWire = (operation: TextOperation): Operation =>
  create(OperationSchema, {
    components: operation.components.map((c) =>
      create(OperationComponentSchema, {
        component:
          "retain" in c ? { case: "retain", value: BigInt(c.retain) }
          : "insert" in c ? { case: "insert", value: c.insert }
          : { case: "delete", value: BigInt(c.delete) },
      }),
    ),
  });

export const fromWire = (operation: Operation): TextOperation =>
  TextOperation.fromComponents(
    operation.components.flatMap((c): Component[] => {
      switch (c.component.case) {
        case "retain":
          return [{ retain: Number(c.component.value) }];
        case "insert":
          return [{ insert: c.component.value }];
        case "delete":
          return [{ delete: Number(c.component.value) }];
        default:
          return [];
      }
    }),
  );
