"""A small, natural shop library for the search tests (team and personal phrases, products)."""

from __future__ import annotations

from datetime import datetime

from sidekick.core.search import SearchIndex
from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    LibraryKind,
    Phrase,
    Product,
    UsageStat,
)  # fmt: skip

TEAM, ME = LibraryKind.TEAM, LibraryKind.PERSONAL
NOW = datetime(2026, 6, 5, 12, 0)  # shop-local "now" for the tests: during the 618 campaign


def _p(
    pid: str, lib: LibraryKind, cat: str, title: str, body: str, code: str = "",
    position: int = 0, valid_from: datetime | None = None, valid_until: datetime | None = None,
) -> Phrase:  # fmt: skip
    return Phrase(
        id=pid, library=lib, category=CategoryPath.parse(cat), title=title, body=body,
        code=code, position=position, valid_from=valid_from, valid_until=valid_until,
    )  # fmt: skip


PHRASES: list[Phrase] = [
    _p("t_kd_default", TEAM, "售前/快递", "默认快递", "亲，咱家默认发中通快递，新疆、西藏等偏远地区需要补运费哦", "kd", 0),
    _p("t_kd_fee", TEAM, "售前/快递", "快递费用", "满99元包邮，不满99元收取运费8元，偏远地区另计", "kdf", 1),
    _p("t_shunfeng", TEAM, "售前/快递", "顺丰加价", "需要发顺丰的话请补差价15元，拍下补差链接即可", "sf", 2),
    _p("t_ship_time", TEAM, "售前/快递", "发货时间", "付款后48小时内发货，节假日顺延", "fh", 3),
    _p("t_size_chart", TEAM, "售前/尺码", "尺码表", "详情页有尺码表，身高170体重65kg建议拍L码", "cm", 0),
    _p("t_size_len", TEAM, "售前/尺码", "长度说明", "裤长102厘米，衣长68厘米，平铺测量误差1-3厘米", "", 1),
    _p("t_size_big", TEAM, "售前/尺码", "偏大一码", "这款版型偏大，建议拍小一码，XL码适合75kg以内", "", 2),
    _p("t_material", TEAM, "售前/材质", "面料成分", "面料是100%纯棉，亲肤透气，不起球", "ml", 0),
    _p("t_wash", TEAM, "售前/材质", "洗涤说明", "建议冷水手洗，不可漂白，不要长时间浸泡", "", 1),
    _p("t_pay_remind", TEAM, "售中/催付", "催付提醒", "亲，您拍下的宝贝还没付款哦，库存紧张，付款后尽快为您发货", "cf", 0),
    _p("t_pay_coupon", TEAM, "售中/催付", "优惠催付", "今天付款可以享受满199减20的优惠，错过要等下次活动了", "", 1),
    _p("t_bank", TEAM, "售中/付款", "银行卡支付", "支持银行卡、信用卡和花呗付款", "", 0),
    _p("t_addr_change", TEAM, "售中/地址", "修改地址", "还没发货的话可以修改地址，请把新地址发给我，我帮您备注", "gdz", 0),
    _p("t_addr_shipped", TEAM, "售中/地址", "已发货改地址", "包裹已经发出，需要联系快递员改地址，给您添麻烦了", "", 1),
    _p("t_return_flow", TEAM, "售后/退换货", "退货流程", "支持7天无理由退换，请在订单页申请退货，寄回时备注订单号", "/th", 0),
    _p("t_refund_time", TEAM, "售后/退换货", "退款时间", "仓库收到退货后3个工作日内为您退款，原路退回", "/tk", 1),
    _p("t_exchange", TEAM, "售后/退换货", "换货说明", "换货请寄回后备注要换的尺码，收到后第一时间给您重新发出", "hh", 2),
    _p("t_freight_ins", TEAM, "售后/退换货", "运费险", "您的订单有运费险，退货运费会在签收后自动理赔", "yfx", 3),
    _p("t_logistics", TEAM, "售后/物流", "物流查询", "给您查了一下，包裹正在派送中，预计明天送达", "wl", 0),
    _p("t_logistics_stuck", TEAM, "售后/物流", "物流停滞", "非常抱歉物流停滞了，已经帮您联系快递催件", "", 1),
    _p("t_bad_review", TEAM, "售后/差评", "差评安抚", "非常抱歉给您带来不好的体验，能说一下具体问题吗，我们一定处理好", "cp", 0),
    _p("t_compensate", TEAM, "售后/差评", "补偿方案", "给您补偿10元红包，或者重新补发一件，您看哪种合适", "", 1),
    _p("t_double11", TEAM, "活动/大促", "双十一活动", "双11当天前100名下单立减50元，记得提前加购物车", "ssy", 0,
       datetime(2026, 11, 1), datetime(2026, 11, 12)),
    _p("t_618", TEAM, "活动/大促", "618活动", "618期间全场满300减40，可以叠加店铺优惠券", "", 1,
       datetime(2026, 6, 1), datetime(2026, 6, 19)),
    _p("t_invoice", TEAM, "活动/大促", "发票说明", "可以开电子发票，请在订单备注抬头和税号", "fp", 2),
    _p("t_spring", TEAM, "活动/通知", "春节放假通知", "春节期间暂停发货，2月10日恢复", "", 0,
       None, datetime(2026, 2, 15)),
    _p("t_welcome", TEAM, "问候/开场", "欢迎语", "您好，欢迎光临小店，我是客服小美，很高兴为您服务", "hy", 0),
    _p("t_wait", TEAM, "问候/开场", "请稍等", "好的亲，稍等一下，我帮您查询一下", "sd", 1),
    _p("t_bye", TEAM, "问候/结束", "结束语", "感谢您的耐心，祝您生活愉快", "js", 0),
    _p("t_fav", TEAM, "问候/结束", "收藏店铺", "喜欢的话可以收藏店铺，上新和活动第一时间通知您", "sc", 1),
    _p("t_walk", TEAM, "门店", "步行街门店", "我们在步行街有线下门店，欢迎到店试穿", "", 0),
    _p("dup_b", TEAM, "其他", "重复标题", "同一位置的两条短语，按编号排序", "", 5),
    _p("dup_a", TEAM, "其他", "重复标题", "同一位置的两条短语，按编号排序", "", 5),
    _p("p_kd", ME, "售后/物流", "我的快递话术", "亲，我这边帮您催一下快递，有消息第一时间告诉您", "mkd", 0),
    _p("p_greet", ME, "问候/开场", "个人欢迎", "尊敬的{买家}您好，我是客服{客服}，很高兴为您服务", "", 1),
    _p("p_size", ME, "售前/尺码", "尺码建议", "把身高体重发我，帮您推荐尺码", "cmjy", 2),
    _p("p_iphone", ME, "", "iPhone充电器", "iPhone 15 充电器是20W快充，Type-C接口", "", 3),
]  # fmt: skip

PRODUCTS: list[Product] = [
    Product(
        id="x_tee", item_id="600001", title="纯棉短袖T恤男夏季", tags=("新品", "夏季", "纯棉"),
        knowledge=(KnowledgeField("材质", "100%纯棉"), KnowledgeField("尺码", "S-XXL 偏大一码"),
                   KnowledgeField("洗涤", "冷水机洗")),
        position=0,
    ),
    Product(
        id="x_jeans", item_id="600002", title="修身牛仔裤女高腰", tags=("爆款",),
        knowledge=(KnowledgeField("材质", "棉98% 氨纶2%"), KnowledgeField("尺码", "25-32")),
        position=1,
    ),
    Product(
        id="x_down", item_id="600003", title="轻薄羽绒服男短款", tags=("冬季", "清仓"),
        knowledge=(KnowledgeField("充绒量", "90%白鸭绒"), KnowledgeField("卖点", "轻薄保暖 可收纳")),
        position=2,
    ),
]  # fmt: skip


def build_index(usage: dict[str, UsageStat] | None = None) -> SearchIndex:
    return SearchIndex.bulk(PHRASES, PRODUCTS, usage)


def used(item_id: str, frecency: float) -> dict[str, UsageStat]:
    return {item_id: UsageStat(item_id, int(frecency), NOW, frecency)}
