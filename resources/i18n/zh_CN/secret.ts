<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SecretDialog</name>
    <message><source>The two entries differ.</source><translation>两次输入不一致。</translation></message>
    <message><source>Again:</source><translation>再输入一次：</translation></message>
    <message><source>OK</source><translation>确定</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
</context>
</TS>
